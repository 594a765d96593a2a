// One batch of a bulk operation: the whole of a `bulk-operation` job. Idempotent under
// at-least-once jobs.
//
// Everything happens in ONE transaction:
//   1. A transaction-scoped advisory lock keyed by the operation id (pg_try_advisory_xact_lock):
//      not taken means another job is running this operation's batch right now, and will queue
//      the next one itself. (An advisory lock rather than FOR UPDATE on the row, so a cancel is
//      not blocked for the length of a batch.)
//   2. Nothing to do when the operation is gone or no longer running. A requested cancel ends it.
//   3. The kind handles up to BATCH_SIZE items after the stored cursor, on this transaction.
//   4. The progress (processed += n, the new cursor, completed when nothing is left, cancelled if
//      a cancel came in meanwhile) and, while it is still running, the next batch's job.
// So a batch and its progress commit together: a crash before the commit leaves the cursor where
// it was and the job is handed out again; a duplicate job finds the cursor moved on.
//
// A failure of the batch itself (a bug, an invalid stored filter) marks the operation failed with
// the error and completes the job: running it again would fail the same way. A transient database
// error (connection lost, deadlock) is thrown instead, for pg-boss to retry the job.
import { bulkKinds } from "@/lib/bulk-operations/bulk-kinds";
import { pool, withTransaction } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import type { BulkOperationKind, BulkOperationStatus } from "@/lib/generated/prisma/client";
import { onPgClient, sendJob } from "@/lib/queue";

export const BULK_BATCH_SIZE = 100;
const MAX_ERROR_MESSAGE = 2000;

export type RunBulkBatchResult =
  | { outcome: "busy" }
  | { outcome: "missing" }
  | { outcome: "finished"; status: BulkOperationStatus }
  | { outcome: "batch"; processed: number; status: BulkOperationStatus }
  | { outcome: "failed"; error: string };

export async function runBulkOperationBatch({ operationId, batchSize = BULK_BATCH_SIZE }: { operationId: string; batchSize?: number }): Promise<RunBulkBatchResult> {
  try {
    return await withTransaction(async (client): Promise<RunBulkBatchResult> => {
      const { rows: lockRows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked", [lockKey(operationId)]);
      if (!lockRows[0]?.locked) return { outcome: "busy" };

      const { rows } = await client.query<{ kind: BulkOperationKind; status: BulkOperationStatus; filter: unknown; cursor: string | null; cancel_requested: boolean }>(
        "SELECT kind::text AS kind, status::text AS status, filter, cursor, cancel_requested FROM bulk_operations WHERE id = $1::uuid",
        [operationId],
      );
      const operation = rows[0];
      if (!operation) return { outcome: "missing" };
      if (operation.status !== "running") return { outcome: "finished", status: operation.status };
      if (operation.cancel_requested) {
        await client.query("UPDATE bulk_operations SET status = 'cancelled', finished_at = now() WHERE id = $1::uuid", [operationId]);
        return { outcome: "finished", status: "cancelled" };
      }

      const kind = bulkKinds[operation.kind];
      let result;
      try {
        result = await kind.runBatch({ operationId, filter: operation.filter, cursor: operation.cursor, limit: batchSize, tx: client });
      } catch (error) {
        if (isTransient(error)) throw error;
        throw new BatchError(messageOf(error));
      }

      // The cancel flag is read by this UPDATE, on the latest committed row.
      const { rows: updated } = await client.query<{ status: BulkOperationStatus }>(
        `UPDATE bulk_operations
         SET processed = processed + $2::int, cursor = $3::text,
             status = (CASE WHEN $3::text IS NULL THEN 'completed' WHEN cancel_requested THEN 'cancelled' ELSE 'running' END)::"BulkOperationStatus",
             finished_at = CASE WHEN $3::text IS NULL OR cancel_requested THEN now() END
         WHERE id = $1::uuid
         RETURNING status::text AS status`,
        [operationId, result.processed, result.cursor],
      );
      const status = updated[0]?.status ?? "running";
      if (status === "running") await sendJob({ name: "bulk-operation", payload: { operationId }, db: onPgClient(client) });
      return { outcome: "batch", processed: result.processed, status };
    });
  } catch (error) {
    if (!(error instanceof BatchError)) throw error;
    // The batch rolled back; record why on the operation (if this fails too, the job is retried).
    const message = clip(error.message);
    await pool().query("UPDATE bulk_operations SET status = 'failed', error = $2::text, finished_at = now() WHERE id = $1::uuid AND status = 'running'", [operationId, message]);
    return { outcome: "failed", error: message };
  }
}

export function lockKey(operationId: string): string {
  return `switchyard.bulk-operation:${operationId}`;
}

class BatchError extends Error {}

/** Connection trouble (class 08), rollbacks such as deadlocks (40), shutdowns (57): worth retrying. */
function isTransient(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^(08|40|53|57)/.test(code)) return true;
  return error instanceof Error && /ECONNRESET|ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
}
