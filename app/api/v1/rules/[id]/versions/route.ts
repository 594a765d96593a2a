// GET /api/v1/rules/{id}/versions – the rule's saved versions, newest first, each with what changed.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { listRuleVersions } from "@/lib/rules/list-rule-versions";

export const dynamic = "force-dynamic";

// Every rule has at least its version 1, so no versions means no such rule.
export const GET = apiRoute("listRuleVersions", async ({ params }) => {
  const versions = await listRuleVersions({ ruleId: params.id });
  return found(versions.length > 0 ? versions : null, "rule_not_found");
});
