// Stores an accepted request and enqueues its routing job in ONE transaction. A delivery whose
// dedupe key was seen before is not stored again: the original's duplicate count goes up instead,
// decided by the unique index, so concurrent duplicates cannot both get in.
import { db } from "@/lib/db";
import { inTransaction, sendJob } from "@/lib/queue";

export interface NewEvent {
  sourceId: string;
  method: string;
  query: string;
  headers: Record<string, string>;
  contentType: string | null;
  body: Buffer;
  payload: unknown;
  parseError: string | null;
  eventType: string | null;
  verification: Record<string, unknown>;
  dedupeKey: string | null;
}

export type StoreResult = { eventId: string; duplicate: boolean };

export async function storeEvent(event: NewEvent): Promise<StoreResult> {
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ id: string; inserted: boolean }>>`
      INSERT INTO events (source_id, method, query, headers, content_type, body, body_size, payload, parse_error, event_type, verification, dedupe_key)
      VALUES (${event.sourceId}::uuid, ${event.method}, ${event.query}, ${JSON.stringify(event.headers)}::jsonb, ${event.contentType},
              ${event.body}, ${event.body.byteLength}, ${event.payload === null ? null : JSON.stringify(event.payload)}::jsonb,
              ${event.parseError}, ${event.eventType}, ${JSON.stringify(event.verification)}::jsonb, ${event.dedupeKey})
      ON CONFLICT (source_id, dedupe_key) DO UPDATE
        SET duplicate_count = events.duplicate_count + 1, last_duplicate_at = now()
      RETURNING id, (xmax = 0) AS inserted`;
    if (!row) throw new Error("insert returned no row");
    if (row.inserted) await sendJob({ name: "route-event", payload: { eventId: row.id }, db: inTransaction(tx) });
    return { eventId: row.id, duplicate: !row.inserted };
  });
}
