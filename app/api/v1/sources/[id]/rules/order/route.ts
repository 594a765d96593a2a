// PUT /api/v1/sources/{id}/rules/order – the source's rules in a new evaluation order; the ids sent
// must be exactly its rules.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { reorderRules } from "@/lib/rules/reorder-rules";

export const PUT = apiRoute("reorderRules", async ({ params, body, actor }) =>
  found(await reorderRules({ sourceId: params.id, ruleIds: body.ruleIds, actor }), "source_not_found"),
);
