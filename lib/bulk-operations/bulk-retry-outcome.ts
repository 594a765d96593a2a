// How a bulk retry's retries ended, read from its items' deliveries as they are now: succeeded,
// failed again, still retrying (waiting for or between attempts), or cancelled since. The counts
// move while the worker attempts the requeued deliveries, after the batches themselves are done.
import { pool } from "@/lib/db";
import type { BulkRetryOutcome } from "@/lib/bulk-operations/schema";

export const NO_RETRIES: BulkRetryOutcome = { retried: 0, succeeded: 0, failed: 0, retrying: 0, cancelled: 0 };

/** Each given operation's outcome (operations without items: all zero). */
export async function getBulkRetryOutcomes({ operationIds }: { operationIds: readonly string[] }): Promise<Map<string, BulkRetryOutcome>> {
  const outcomes = new Map<string, BulkRetryOutcome>(operationIds.map((id) => [id, { ...NO_RETRIES }]));
  if (operationIds.length === 0) return outcomes;
  const { rows } = await pool().query<{ operation_id: string; retried: string; succeeded: string; failed: string; retrying: string; cancelled: string }>(
    `SELECT i.operation_id,
            count(*) AS retried,
            count(*) FILTER (WHERE d.status = 'succeeded') AS succeeded,
            count(*) FILTER (WHERE d.status = 'failed') AS failed,
            count(*) FILTER (WHERE d.status IN ('pending', 'retrying')) AS retrying,
            count(*) FILTER (WHERE d.status = 'cancelled') AS cancelled
     FROM bulk_operation_items i JOIN deliveries d ON d.id = i.delivery_id
     WHERE i.operation_id = ANY($1::uuid[])
     GROUP BY i.operation_id`,
    [operationIds],
  );
  for (const row of rows) {
    outcomes.set(row.operation_id, {
      retried: Number(row.retried),
      succeeded: Number(row.succeeded),
      failed: Number(row.failed),
      retrying: Number(row.retrying),
      cancelled: Number(row.cancelled),
    });
  }
  return outcomes;
}
