// GET, PATCH, DELETE /api/v1/rules/{id} – one routing rule. PATCH takes the whole rule and saves a
// new version when anything changed.
import { apiError } from "@/lib/api/errors";
import { ruleSaveError } from "@/lib/api/rule-save-error";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";
import { deleteRule } from "@/lib/rules/delete-rule";
import { getRule } from "@/lib/rules/get-rule";
import { RuleInput } from "@/lib/rules/rule-input";
import { updateRule } from "@/lib/rules/update-rule";
import { UUID_PATTERN } from "@/lib/ids";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const rule = await getRule({ ruleId: (await params).id });
  return rule ? jsonData(200, { data: rule }) : apiError("rule_not_found");
}

export async function PATCH(request: Request, { params }: Context) {
  const user = await authenticateApiRequest(request);
  if (!user) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: RuleInput });
  if (!body.ok) return body.response;
  const { id } = await params;
  if (!UUID_PATTERN.test(id)) return apiError("rule_not_found");
  try {
    const rule = await updateRule({ ruleId: id, input: body.data, actor: actorOf(user) });
    return rule ? jsonData(200, { data: rule }) : apiError("rule_not_found");
  } catch (error) {
    const response = ruleSaveError(error);
    if (response) return response;
    throw error;
  }
}

export async function DELETE(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const { id } = await params;
  return (await deleteRule({ ruleId: id, actor: actorOf(caller) })) ? jsonData(200, { data: { id } }) : apiError("rule_not_found");
}
