// One bulk operation with its progress (and a retry's outcome so far), for the progress component and the API.
import { getBulkRetryOutcomes } from "@/lib/bulk-operations/bulk-retry-outcome";
import { toBulkOperationView, type BulkOperationView } from "@/lib/bulk-operations/schema";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export async function getBulkOperation({ id }: { id: string }): Promise<BulkOperationView | null> {
  if (!isUuid(id)) return null;
  const row = await db().bulkOperation.findUnique({ where: { id } });
  if (!row) return null;
  const outcomes = row.kind === "retry" ? await getBulkRetryOutcomes({ operationIds: [id] }) : null;
  return toBulkOperationView(row, outcomes?.get(id) ?? null);
}
