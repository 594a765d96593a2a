// POST /api/v1/rules/{id}/rollback – restores an earlier version's content, saved as a new version.
// The old version may no longer be valid (e.g. it forwards to a destination deleted since):
// invalid_request.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { rollbackRule } from "@/lib/rules/rollback-rule";

export const POST = apiRoute("rollbackRule", async ({ params, body: { version }, actor }) =>
  found(await rollbackRule({ ruleId: params.id, version, actor }), "rule_not_found", { message: `No rule has this id, or it has no version ${version}.` }),
);
