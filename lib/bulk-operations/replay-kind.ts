// Bulk replay (a BulkKind run by the bulk-operation engine): every event the events list's filter
// selects, routed again through the current rules. Batches walk the filter in the list's keyset
// order (received_at, id descending) after the operation's cursor and enqueue one `route-event` job
// per event under the run key `replay:<operationId>`: a batch run twice enqueues no second job
// (enqueueReplays), and an event is replayed at most once per operation (routeEvent's run key).
// The read and the jobs use the engine's transaction, so the jobs commit with the batch's progress.
import type { BulkKind } from "@/lib/bulk-operations/bulk-kind";
import { countEvents } from "@/lib/events/count-events";
import { EventFilter, pinEventFilter } from "@/lib/events/event-filter";
import { CONDITION_ROW_COLUMNS, type ConditionRow } from "@/lib/events/condition-filter";
import { eventFilterSql } from "@/lib/events/event-filter-sql";
import { enqueueReplays } from "@/lib/events/enqueue-replays";
import { upgradeStoredEventFilter } from "@/lib/events/legacy-payload-query";
import { decodeCursor, encodeCursor } from "@/lib/events/list-events";

export function replayRunKey(operationId: string): string {
  return `replay:${operationId}`;
}

export const replayBulkKind: BulkKind<EventFilter> = {
  kind: "replay",
  // Fixed in time when it starts (a quick range becomes its start, the end is now at the latest), so
  // later batches select the same events; parsing an already fixed filter again changes nothing.
  // A filter stored before the payload query was retired has its `q` folded into `where`.
  parseFilter: (filter) => pinEventFilter(EventFilter.parse(upgradeStoredEventFilter(filter)), new Date()),
  count: (filter) => countEvents({ filter }),
  async runBatch({ operationId, filter, cursor, limit, tx }) {
    const position = cursor === null ? null : decodeCursor(cursor);
    if (cursor !== null && !position) throw new Error(`bulk replay ${operationId}: unreadable cursor`);
    const where = eventFilterSql(filter, { now: new Date() });
    const values = [...where.values];
    let keyset = "";
    if (position) {
      values.push(position.receivedAt, position.id);
      keyset = ` AND (e.received_at, e.id) < ($${values.length - 1}, $${values.length}::uuid)`;
    }
    values.push(limit + 1);
    const extra = where.matches ? `, ${CONDITION_ROW_COLUMNS}` : "";
    const { rows } = await tx.query<{ id: string; received_at: Date } & Partial<ConditionRow>>(
      `SELECT e.id, e.received_at${extra} FROM events e WHERE ${where.sql}${keyset} ORDER BY e.received_at DESC, e.id DESC LIMIT $${values.length}`,
      values,
    );
    const batch = rows.slice(0, limit);
    // With conditions the batch walks the candidates; the engine picks which of them are replayed.
    const chosen = where.matches ? batch.filter((row) => where.matches!(row as ConditionRow)) : batch;
    await enqueueReplays({ eventIds: chosen.map((row) => row.id), runKey: replayRunKey(operationId), tx });
    const last = batch.at(-1);
    return {
      processed: chosen.length,
      cursor: rows.length > limit && last ? encodeCursor({ receivedAt: last.received_at, id: last.id }) : null,
    };
  },
};
