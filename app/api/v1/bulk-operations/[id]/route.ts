// GET /api/v1/bulk-operations/{id} – one bulk operation and its progress. DELETE – cancel it: it
// stops after the batch in progress; what was already retried or replayed stays so.
import { fail, found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { cancelBulkOperation } from "@/lib/bulk-operations/cancel-bulk-operation";
import { getBulkOperation } from "@/lib/bulk-operations/get-bulk-operation";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getBulkOperation", async ({ params }) => found(await getBulkOperation({ id: params.id }), "bulk_operation_not_found"));

export const DELETE = apiRoute("cancelBulkOperation", async ({ params, actor }) => {
  const result = await cancelBulkOperation({ id: params.id, actor });
  return result.ok ? { data: result.operation } : fail(result.code, { message: result.message });
});
