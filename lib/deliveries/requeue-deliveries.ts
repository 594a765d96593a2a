// Puts deliveries back in line for an attempt now: status pending (never attempted) or retrying,
// next_attempt_at = now, and a `deliver` job each, on the caller's transaction so the rows and
// their jobs commit together. Shared by "Retry now" (retry-delivery.ts) and the bulk retry.
//
// A delivery that already has a job (a retry scheduled for later) keeps it: when that job runs, the
// engine finds the delivery finished, or not due (its nextAttemptAt has moved on), and does nothing.
// The engine's advisory lock keeps two jobs from attempting it at once.
import type pg from "pg";
import type { DeliveryStatusName } from "@/lib/deliveries/delivery-filter";
import { enqueueDeliveries, onPgClient } from "@/lib/queue";

export interface RequeuedDelivery {
  id: string;
  eventId: string;
  status: DeliveryStatusName;
  /** Attempts made so far: the requeued attempt will be number attempts + 1. */
  attempts: number;
  nextAttemptAt: Date;
}

export async function requeueDeliveries({
  client,
  ids,
  statuses,
}: {
  client: pg.ClientBase;
  ids: readonly string[];
  /** Only those still in one of these statuses (the others are left as they are). */
  statuses: readonly DeliveryStatusName[];
}): Promise<RequeuedDelivery[]> {
  if (ids.length === 0) return [];
  // now(): the transaction's start on the database clock, which the engine and pg-boss go by.
  const { rows } = await client.query<{ id: string; event_id: string; status: DeliveryStatusName; attempts: number; next_attempt_at: Date }>(
    `UPDATE deliveries
     SET status = (CASE WHEN attempts = 0 THEN 'pending' ELSE 'retrying' END)::"DeliveryStatus",
         next_attempt_at = now(), updated_at = now()
     WHERE id = ANY($1::uuid[]) AND status::text = ANY($2::text[])
     RETURNING id, event_id, status::text AS status, attempts, next_attempt_at`,
    [ids, statuses],
  );
  // An inbox's deliveries go back in its inbox as fresh messages (receives counted from zero again);
  // only the others get a deliver job.
  const { rows: inboxed } = await client.query<{ delivery_id: string }>(
    `UPDATE inbox_messages SET state = 'queued', attempts = 0, available_at = now(), leased_until = NULL, lease_id = NULL, lease_holder = NULL,
                               last_error = NULL, updated_at = now()
     WHERE delivery_id = ANY($1::uuid[]) RETURNING delivery_id`,
    [rows.map((row) => row.id)],
  );
  const toInbox = new Set(inboxed.map((row) => row.delivery_id));
  await enqueueDeliveries({ deliveries: rows.filter((row) => !toInbox.has(row.id)).map((row) => ({ id: row.id })), tx: onPgClient(client) });
  return rows.map((row) => ({ id: row.id, eventId: row.event_id, status: row.status, attempts: row.attempts, nextAttemptAt: row.next_attempt_at }));
}
