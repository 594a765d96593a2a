// GET /api/v1/sources/{id}/fields – the fields seen in the source's recent events, with types and
// sample values: what rule conditions can test.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { listSourceFields } from "@/lib/rules/list-source-fields";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listSourceFields", async ({ params }) => found(await listSourceFields({ sourceId: params.id }), "source_not_found"));
