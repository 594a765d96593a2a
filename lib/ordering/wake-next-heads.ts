// After ordered deliveries were settled (succeeded, cancelled, skipped) on the caller's transaction,
// which holds their keys' locks: the new head of each of their keys, when it waits for an attempt,
// gets a `deliver` job (due when it is due). Later deliveries found blocked were left without one
// (their job completed), so this is what moves a key along. Inbox keys need no job: the inbox
// trigger's NOTIFY on the ack wakes waiting consumers, and a skip notifies itself.
import type pg from "pg";
import { OPEN_STATUSES_SQL } from "@/lib/ordering/ordering-sql";

const NEXT_HEADS = `
  SELECT h.id, greatest(clock_timestamp(), h.next_attempt_at) AS start_after
  FROM (SELECT DISTINCT d.destination_id, d.ordering_key FROM deliveries d
        JOIN destinations t ON t.id = d.destination_id AND t.kind = 'http'
        WHERE d.id = ANY($1::uuid[]) AND d.ordering_key IS NOT NULL) k
  CROSS JOIN LATERAL (
    SELECT p.id, p.status, p.next_attempt_at FROM deliveries p
    WHERE p.destination_id = k.destination_id AND p.ordering_key = k.ordering_key AND p.status IN ${OPEN_STATUSES_SQL}
    ORDER BY p.ordering_at, p.event_id, p.id LIMIT 1
  ) h
  WHERE h.status IN ('pending', 'retrying')`;

/** The jobs to enqueue (on the same transaction) for the next heads of these deliveries' keys. */
export async function nextHeadJobs(client: Pick<pg.ClientBase, "query">, settledIds: readonly string[]): Promise<Array<{ id: string; startAfter: Date }>> {
  if (settledIds.length === 0) return [];
  const { rows } = await client.query<{ id: string; start_after: Date }>(NEXT_HEADS, [settledIds]);
  return rows.map((row) => ({ id: row.id, startAfter: row.start_after }));
}
