// PUT /api/v1/sources/{id}/rules/order – the source's rules in a new evaluation order; the ids sent
// must be exactly its rules.
import { apiError } from "@/lib/api/errors";
import { ruleSaveError } from "@/lib/api/rule-save-error";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";
import { ReorderRulesInput } from "@/lib/rules/rule-input";
import { reorderRules } from "@/lib/rules/reorder-rules";

type Context = { params: Promise<{ id: string }> };

export async function PUT(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: ReorderRulesInput });
  if (!body.ok) return body.response;
  try {
    const rules = await reorderRules({ sourceId: (await params).id, ruleIds: body.data.ruleIds, actor: actorOf(caller) });
    return rules ? jsonData(200, { data: rules }) : apiError("source_not_found");
  } catch (error) {
    const response = ruleSaveError(error);
    if (response) return response;
    throw error;
  }
}
