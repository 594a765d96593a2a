// GET /api/v1/bulk-operations – the latest bulk operations (?kind=retry|replay). POST – start a bulk
// retry of failed deliveries or a replay of events over a filter; the worker runs it in batches.
import { z } from "zod";
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { listRecentBulkOperations } from "@/lib/bulk-operations/list-recent-bulk-operations";
import { BULK_OPERATION_KINDS, StartBulkOperationInput } from "@/lib/bulk-operations/schema";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";
import { jsonData } from "@/lib/http/json-data";
import { invalidRequest, parseJsonBody } from "@/lib/api/parse-json-body";

export const dynamic = "force-dynamic";

const ListQuery = z.strictObject({ kind: z.enum(BULK_OPERATION_KINDS).optional() });

export async function GET(request: Request) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const query = ListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return invalidRequest(query.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })));
  return jsonData(200, { data: await listRecentBulkOperations({ ...query.data, limit: 20 }) });
}

export async function POST(request: Request) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: StartBulkOperationInput });
  if (!body.ok) return body.response;
  const started = await startBulkOperation({ kind: body.data.kind, filter: body.data.filter, actor: actorOf(caller) });
  if (!started.ok) return invalidRequest(started.issues);
  return jsonData(201, { data: started.operation });
}
