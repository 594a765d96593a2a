// GET /api/v1/sources/{id}/rules – the source's routing rules in evaluation order. POST – add a
// rule at the end, as version 1.
import { apiError } from "@/lib/api/errors";
import { ruleSaveError } from "@/lib/api/rule-save-error";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";
import { createRule } from "@/lib/rules/create-rule";
import { listRules } from "@/lib/rules/list-rules";
import { RuleInput } from "@/lib/rules/rule-input";
import { UUID_PATTERN } from "@/lib/ids";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const rules = await listRules({ sourceId: (await params).id });
  return rules ? jsonData(200, { data: rules }) : apiError("source_not_found");
}

export async function POST(request: Request, { params }: Context) {
  const user = await authenticateApiRequest(request);
  if (!user) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: RuleInput });
  if (!body.ok) return body.response;
  const { id } = await params;
  if (!UUID_PATTERN.test(id)) return apiError("source_not_found");
  try {
    const rule = await createRule({ sourceId: id, input: body.data, actor: actorOf(user) });
    return rule ? jsonData(201, { data: rule }) : apiError("source_not_found");
  } catch (error) {
    // Checks that need the database, e.g. forwarding to a destination that does not exist.
    const response = ruleSaveError(error);
    if (response) return response;
    throw error;
  }
}
