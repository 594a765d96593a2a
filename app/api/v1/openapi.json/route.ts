// GET /api/v1/openapi.json – the API's OpenAPI 3.1 description. Public (see proxy.ts): it describes
// the API and holds no data.
import { apiRoute } from "@/lib/api/api-route";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

// Built per request: APP_URL is read at run time, not at build time.
export const dynamic = "force-dynamic";

export const GET = apiRoute("getOpenApiDocument", () => buildOpenApiDocument({ appUrl: env().APP_URL }));
