// POST /api/v1/rules/{id}/rollback – restores an earlier version's content, saved as a new version.
import { apiError } from "@/lib/api/errors";
import { RollbackRuleInput } from "@/lib/api/schemas";
import { ruleSaveError } from "@/lib/api/rule-save-error";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";
import { rollbackRule } from "@/lib/rules/rollback-rule";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const user = await authenticateApiRequest(request);
  if (!user) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: RollbackRuleInput });
  if (!body.ok) return body.response;
  try {
    const rule = await rollbackRule({ ruleId: (await params).id, version: body.data.version, actor: actorOf(user) });
    return rule ? jsonData(200, { data: rule }) : apiError("rule_not_found", { message: `No rule has this id, or it has no version ${body.data.version}.` });
  } catch (error) {
    // The old version may no longer be valid, e.g. it forwards to a destination deleted since.
    const response = ruleSaveError(error);
    if (response) return response;
    throw error;
  }
}
