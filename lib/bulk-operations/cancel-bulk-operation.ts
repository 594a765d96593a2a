// Cancels a running bulk operation. Between batches (no batch holds the operation's lock) it ends
// at once; during one, the request is recorded and the batch, as it commits, ends the operation
// instead of queueing the next one. What was already retried or replayed stays so.
import { lockKey } from "@/lib/bulk-operations/run-bulk-operation-batch";
import { toBulkOperationView, type BulkOperationView } from "@/lib/bulk-operations/schema";
import { db, withTransaction } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("bulk-operations");

export type CancelBulkOperationResult =
  | { ok: true; operation: BulkOperationView }
  | { ok: false; code: "bulk_operation_not_found" | "bulk_operation_finished"; message: string };

export async function cancelBulkOperation({ id }: { id: string }): Promise<CancelBulkOperationResult> {
  if (!isUuid(id)) return { ok: false, code: "bulk_operation_not_found", message: "No bulk operation has this id." };
  const changed = await withTransaction(async (client) => {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked", [lockKey(id)]);
    const idle = rows[0]?.locked === true;
    const { rowCount } = await client.query(
      `UPDATE bulk_operations SET cancel_requested = true,
              status = (CASE WHEN $2::boolean THEN 'cancelled' ELSE status::text END)::"BulkOperationStatus",
              finished_at = CASE WHEN $2::boolean THEN now() ELSE finished_at END
       WHERE id = $1::uuid AND status = 'running'`,
      [id, idle],
    );
    return rowCount === 1;
  });
  const row = await db().bulkOperation.findUnique({ where: { id } });
  if (!row) return { ok: false, code: "bulk_operation_not_found", message: "No bulk operation has this id." };
  if (!changed && row.status !== "cancelled") {
    return { ok: false, code: "bulk_operation_finished", message: `This operation has already ${row.status === "failed" ? "failed" : "completed"}.` };
  }
  if (changed) log.info("bulk operation cancel requested", { operationId: id, status: row.status });
  return { ok: true, operation: toBulkOperationView(row) };
}
