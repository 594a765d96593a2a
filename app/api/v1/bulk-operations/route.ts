// GET /api/v1/bulk-operations – the latest bulk operations (?kind=retry|replay). POST – start a bulk
// retry of failed deliveries or a replay of events over a filter; the worker runs it in batches.
import { invalid } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { listRecentBulkOperations } from "@/lib/bulk-operations/list-recent-bulk-operations";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listBulkOperations", async ({ query }) => ({ data: await listRecentBulkOperations({ ...query, limit: 20 }) }));

export const POST = apiRoute("startBulkOperation", async ({ body, actor }) => {
  const started = await startBulkOperation({ kind: body.kind, filter: body.filter, actor });
  return started.ok ? { data: started.operation } : invalid(started.issues);
});
