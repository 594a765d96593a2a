// POST /api/v1/sources/{id}/rules/test – runs a draft rule on one of the source's stored events or
// on pasted JSON, condition by condition.
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";
import { TestRuleInput, testRule } from "@/lib/rules/test-rule";
import { UUID_PATTERN } from "@/lib/ids";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: TestRuleInput });
  if (!body.ok) return body.response;
  const { id } = await params;
  if (!UUID_PATTERN.test(id)) return apiError("source_not_found");
  const result = await testRule({ sourceId: id, input: body.data });
  // testRule answers null for an unknown source and for a sample event the source does not have.
  return result ? jsonData(200, { data: result }) : apiError("source_not_found", { message: "No source has this id, or it has no event with sample.eventId." });
}
