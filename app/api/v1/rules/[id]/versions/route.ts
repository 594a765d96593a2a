// GET /api/v1/rules/{id}/versions – the rule's saved versions, newest first, each with what changed.
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { listRuleVersions } from "@/lib/rules/list-rule-versions";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const versions = await listRuleVersions({ ruleId: (await params).id });
  // Every rule has at least its version 1, so no versions means no such rule.
  return versions.length > 0 ? jsonData(200, { data: versions }) : apiError("rule_not_found");
}
