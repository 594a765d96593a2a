// POST /api/v1/sources/{id}/rules/backtest – how conditions would have matched the source's recent
// stored events, optionally compared with a saved rule.
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";
import { BacktestInput, backtestRule } from "@/lib/rules/backtest";
import { UUID_PATTERN } from "@/lib/ids";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: BacktestInput });
  if (!body.ok) return body.response;
  const { id } = await params;
  if (!UUID_PATTERN.test(id)) return apiError("source_not_found");
  const result = await backtestRule({ sourceId: id, input: body.data });
  return result ? jsonData(200, { data: result }) : apiError("source_not_found");
}
