// GET /api/v1/sources/{id}/rules – the source's routing rules in evaluation order. POST – add a
// rule at the end, as version 1 (forwarding to a destination that does not exist: invalid_request).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { createRule } from "@/lib/rules/create-rule";
import { listRules } from "@/lib/rules/list-rules";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listRules", async ({ params }) => found(await listRules({ sourceId: params.id }), "source_not_found"));

export const POST = apiRoute("createRule", async ({ params, body, actor }) => found(await createRule({ sourceId: params.id, input: body, actor }), "source_not_found"));
