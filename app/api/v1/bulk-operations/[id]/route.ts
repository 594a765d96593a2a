// GET /api/v1/bulk-operations/{id} – one bulk operation and its progress. DELETE – cancel it: it
// stops after the batch in progress; what was already retried or replayed stays so.
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { cancelBulkOperation } from "@/lib/bulk-operations/cancel-bulk-operation";
import { getBulkOperation } from "@/lib/bulk-operations/get-bulk-operation";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const operation = await getBulkOperation({ id: (await params).id });
  return operation ? jsonData(200, { data: operation }) : apiError("bulk_operation_not_found");
}

export async function DELETE(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const result = await cancelBulkOperation({ id: (await params).id, actor: actorOf(caller) });
  return result.ok ? jsonData(200, { data: result.operation }) : apiError(result.code, { message: result.message });
}
