// The bulk retry: every FAILED delivery a filter selects, newest first, each put back in line like
// "Retry now" (requeue-deliveries.ts). A batch reads the next `limit` failed deliveries after the
// cursor and requeues those still failed, on the engine's transaction, so the requeues, the new
// cursor and the next batch's job commit together: a batch run twice finds its cursor already
// moved on, and nothing is queued twice. Deliveries that fail after the scan passed them are not
// picked up again (the operation is over what was failed when it reached them). Each requeued
// delivery is remembered as the operation's item (bulk_operation_items), so the operation can tell
// how its retries ended (bulk-retry-outcome.ts).
import type { BulkKind } from "@/lib/bulk-operations/bulk-kind";
import { countDeliveries } from "@/lib/deliveries/count-deliveries";
import { DeliveryFilter } from "@/lib/deliveries/delivery-filter";
import { decodeDeliveryCursor, deliveryConditions, encodeDeliveryCursor, whereClause } from "@/lib/deliveries/delivery-filter-sql";
import { requeueDeliveries } from "@/lib/deliveries/requeue-deliveries";

/** A deliveries filter whose status, if given, is "failed": only failed deliveries are retried in bulk. */
export const RetryBulkFilter = DeliveryFilter.refine((filter) => filter.status === undefined || filter.status === "failed", {
  message: "A bulk retry retries failed deliveries only: leave status out or set it to failed",
  path: ["status"],
}).transform((filter): DeliveryFilter => ({ ...filter, status: "failed" }));

export const retryBulkKind: BulkKind<DeliveryFilter> = {
  kind: "retry",
  parseFilter: (filter) => RetryBulkFilter.parse(filter),
  count: (filter) => countDeliveries({ filter: { ...filter, status: "failed" } }),
  async runBatch({ operationId, filter, cursor, limit, tx }) {
    const after = cursor ? decodeDeliveryCursor(cursor) : null;
    if (cursor && !after) throw new Error(`bulk retry: the stored cursor is not valid: ${cursor}`);
    const values: unknown[] = [];
    const where = whereClause(deliveryConditions({ ...filter, status: "failed" }, values, after));
    const join = filter.source ? "JOIN events e ON e.id = d.event_id" : "";
    const { rows } = await tx.query<{ id: string; created_at: Date }>(
      `SELECT d.id, d.created_at FROM deliveries d ${join} ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT ${Math.max(1, Math.trunc(limit))}`,
      values,
    );
    // Only those still failed: one retried meanwhile (by hand, or by a batch before) is left alone.
    const requeued = await requeueDeliveries({ client: tx, ids: rows.map((row) => row.id), statuses: ["failed"] });
    if (requeued.length > 0) {
      await tx.query(
        `INSERT INTO bulk_operation_items (operation_id, delivery_id, attempts_before)
         SELECT $1::uuid, unnest($2::uuid[]), unnest($3::int[])
         ON CONFLICT DO NOTHING`,
        [operationId, requeued.map((delivery) => delivery.id), requeued.map((delivery) => delivery.attempts)],
      );
    }
    const last = rows.at(-1);
    return { processed: rows.length, cursor: rows.length === limit && last ? encodeDeliveryCursor({ createdAt: last.created_at, id: last.id }) : null };
  },
};
