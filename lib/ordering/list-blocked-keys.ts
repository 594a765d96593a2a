// The ordering keys of a destination that hold deliveries up: keys whose head (earliest open
// delivery in receive order) is failing, retrying or failed/dead-lettered, with what waits behind
// it. A key whose head is merely pending (about to go) is not listed. Reads only open ordered
// deliveries, through deliveries_ordering_open_idx.
import { pool } from "@/lib/db";
import { OPEN_STATUSES_SQL } from "@/lib/ordering/ordering-sql";
import type { BlockedKeyView } from "@/lib/ordering/schema";
import { summaryColumns, summaryReader, type SummaryColumns } from "@/lib/summaries/event-summaries";

export const BLOCKED_KEYS_LIMIT = 100;

const BLOCKED = `
  WITH keys AS (
    SELECT ordering_key, count(*)::int AS open FROM deliveries
    WHERE destination_id = $1::uuid AND ordering_key IS NOT NULL AND status IN ${OPEN_STATUSES_SQL}
    GROUP BY ordering_key
  )
  SELECT k.ordering_key AS key, k.open - 1 AS waiting, h.id, h.event_id, h.status::text AS status, h.attempts, h.last_error, h.next_attempt_at,
         coalesce((SELECT min(a.started_at) FROM delivery_attempts a WHERE a.delivery_id = h.id), h.created_at) AS since,
         e.event_type, ${summaryColumns("e", "s")}
  FROM keys k
  CROSS JOIN LATERAL (
    SELECT p.* FROM deliveries p
    WHERE p.destination_id = $1::uuid AND p.ordering_key = k.ordering_key AND p.status IN ${OPEN_STATUSES_SQL}
    ORDER BY p.ordering_at, p.event_id, p.id LIMIT 1
  ) h
  JOIN events e ON e.id = h.event_id JOIN sources s ON s.id = e.source_id
  WHERE h.status = 'failed' OR (h.status = 'retrying' AND h.attempts > 0)
  ORDER BY since, k.ordering_key
  LIMIT ${BLOCKED_KEYS_LIMIT}`;

export async function listBlockedKeys({ destinationId }: { destinationId: string }): Promise<BlockedKeyView[]> {
  const { rows } = await pool().query<
    SummaryColumns & {
      key: string;
      waiting: number;
      id: string;
      event_id: string;
      status: "retrying" | "failed";
      attempts: number;
      last_error: string | null;
      next_attempt_at: Date | null;
      since: Date;
      event_type: string | null;
    }
  >(BLOCKED, [destinationId]);
  const summarize = summaryReader();
  return rows.map((row) => ({
    key: row.key,
    deliveryId: row.id,
    eventId: row.event_id,
    eventSummary: summarize(row) ?? row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    since: row.since.toISOString(),
    waiting: row.waiting,
  }));
}
