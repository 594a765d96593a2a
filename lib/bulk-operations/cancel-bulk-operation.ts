// Cancels a running bulk operation. Between batches (no batch holds the operation's lock) it ends
// at once; during one, the request is recorded and the batch, as it commits, ends the operation
// instead of queueing the next one. What was already retried or replayed stays so.
import type { Actor } from "@/lib/audit/actor";
import { recordAuditOnPg } from "@/lib/audit/record-audit";
import { getBulkRetryOutcomes } from "@/lib/bulk-operations/bulk-retry-outcome";
import { lockKey } from "@/lib/bulk-operations/run-bulk-operation-batch";
import { bulkOperationAuditName, toBulkOperationView, type BulkOperationView } from "@/lib/bulk-operations/schema";
import { db, withTransaction } from "@/lib/db";
import type { BulkOperationKind } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("bulk-operations");

export type CancelBulkOperationResult =
  | { ok: true; operation: BulkOperationView }
  | { ok: false; code: "bulk_operation_not_found" | "bulk_operation_finished"; message: string };

/** `actor`: who asked (the audit log's). Only a cancel that changes something is recorded. */
export async function cancelBulkOperation({ id, actor }: { id: string; actor: Actor }): Promise<CancelBulkOperationResult> {
  if (!isUuid(id)) return { ok: false, code: "bulk_operation_not_found", message: "No bulk operation has this id." };
  const changed = await withTransaction(async (client) => {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked", [lockKey(id)]);
    const idle = rows[0]?.locked === true;
    // A cancel already waiting for the running batch is not asked for again (nor recorded twice).
    const { rows: updated } = await client.query<{ kind: BulkOperationKind; total: number; processed: number }>(
      `UPDATE bulk_operations SET cancel_requested = true,
              status = (CASE WHEN $2::boolean THEN 'cancelled' ELSE status::text END)::"BulkOperationStatus",
              finished_at = CASE WHEN $2::boolean THEN now() ELSE finished_at END
       WHERE id = $1::uuid AND status = 'running' AND (NOT cancel_requested OR $2::boolean)
       RETURNING kind::text AS kind, total, processed`,
      [id, idle],
    );
    const operation = updated[0];
    if (!operation) return false;
    await recordAuditOnPg(client, {
      actor,
      action: "bulk_operation.cancelled",
      target: { type: "bulk_operation", id, name: bulkOperationAuditName(operation.kind) },
      details: { kind: operation.kind, processed: operation.processed, total: operation.total },
    });
    return true;
  });
  const row = await db().bulkOperation.findUnique({ where: { id } });
  if (!row) return { ok: false, code: "bulk_operation_not_found", message: "No bulk operation has this id." };
  const stopping = row.status === "cancelled" || (row.status === "running" && row.cancelRequested);
  if (!changed && !stopping) {
    return { ok: false, code: "bulk_operation_finished", message: `This operation has already ${row.status === "failed" ? "failed" : "completed"}.` };
  }
  if (changed) log.info("bulk operation cancel requested", { operationId: id, status: row.status, actor: actor.label });
  const outcomes = row.kind === "retry" ? await getBulkRetryOutcomes({ operationIds: [id] }) : null;
  return { ok: true, operation: toBulkOperationView(row, outcomes?.get(id) ?? null) };
}
