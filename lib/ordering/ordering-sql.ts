// SQL pieces every writer of ordered deliveries shares, so they agree on what "receive order" and
// "open" mean. Receive order within a (destination, key): the event's received_at (copied into
// deliveries.ordering_at at routing time), then the event id, then the delivery id (two deliveries
// of one event, after a replay). Open: pending, retrying or failed. A failed delivery keeps its key
// blocked until an operator retries it (it is open again) or skips it (cancelled).
// deliveries_ordering_open_idx holds exactly the open ordered rows, in this order.

export const OPEN_STATUSES_SQL = "('pending', 'retrying', 'failed')";

/** True when an earlier open delivery of the same (destination, key) exists than the row `alias`. */
export function earlierOpenExists(alias: string): string {
  return `EXISTS (SELECT 1 FROM deliveries p
                  WHERE p.destination_id = ${alias}.destination_id AND p.ordering_key = ${alias}.ordering_key
                    AND p.status IN ${OPEN_STATUSES_SQL}
                    AND (p.ordering_at, p.event_id, p.id) < (${alias}.ordering_at, ${alias}.event_id, ${alias}.id))`;
}

/** The earliest earlier open delivery of the row `alias`'s key (what it waits for), or null. */
export function blockedBySql(alias: string): string {
  return `CASE WHEN ${alias}.ordering_key IS NOT NULL THEN
            (SELECT p.id FROM deliveries p
             WHERE p.destination_id = ${alias}.destination_id AND p.ordering_key = ${alias}.ordering_key
               AND p.status IN ${OPEN_STATUSES_SQL}
               AND (p.ordering_at, p.event_id, p.id) < (${alias}.ordering_at, ${alias}.event_id, ${alias}.id)
             ORDER BY p.ordering_at, p.event_id, p.id LIMIT 1)
          END`;
}

/**
 * The advisory lock key of the row `alias`'s (destination, ordering key). An HTTP attempt holds it
 * (try-lock) for its whole transaction, and anyone settling an ordered delivery outside an attempt
 * (cancel, skip) takes it first: a head is never attempted twice at once, and a delivery found
 * blocked under the lock is seen by the settlement that unblocks it, which wakes it (wake-next-heads.ts).
 * A hash collision only makes two keys share a line (slower, never out of order).
 */
export function orderingLockSql(alias: string): string {
  return `hashtextextended('switchyard.ordering:' || ${alias}.destination_id::text || ':' || ${alias}.ordering_key, 0)`;
}

/** How long an ordered delivery waits, at most, for an event received before it to be routed. */
export const ROUTING_WAIT_SECONDS = 300;

/**
 * True while an event of the same source received before the row `alias`'s event is not routed
 * yet (status received), for at most ROUTING_WAIT_SECONDS after that event arrived. Routing runs in
 * parallel batches, so a later event's delivery can exist before an earlier one's: without this
 * wait it could go first. Events are not keyed before routing, so it waits for any earlier event
 * of the source (routing takes milliseconds; a stuck one holds the source's ordered deliveries up
 * for that long at most). Read through the events (status, received_at, id) index: only unrouted
 * events are scanned. `sourceId`: an expression for the source of the row's event.
 */
export function awaitingRoutingSql(alias: string, sourceId: string): string {
  return `EXISTS (SELECT 1 FROM events u
                  WHERE u.status = 'received' AND u.received_at > now() - interval '${ROUTING_WAIT_SECONDS} seconds'
                    AND (u.received_at, u.id) < (${alias}.ordering_at, ${alias}.event_id) AND u.source_id = ${sourceId})`;
}
