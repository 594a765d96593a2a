// Stores an accepted request and enqueues its routing job in ONE transaction. A delivery whose
// dedupe key was seen before is not stored again: the original's duplicate count goes up instead,
// decided by the unique index, so concurrent duplicates cannot both get in.
// This is the hot path: it runs on a plain pg connection (two statements inside BEGIN/COMMIT),
// which bench:ingest showed to be several times cheaper than an interactive Prisma transaction.
// If PostgreSQL refuses the row's data itself (something parse-payload did not foresee), the event
// is stored again without what was derived from the body, which stays byte-exact in `body`:
// refusing data is not the database being unavailable, and retrying it could never succeed.
import { withTransaction } from "@/lib/db";
import { logger } from "@/lib/log";
import { onPgClient, sendJob } from "@/lib/queue";

const log = logger("ingest");

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

const INSERT_EVENT = `
  INSERT INTO events (source_id, method, query, headers, content_type, body, body_size, payload, parse_error, event_type, verification, dedupe_key)
  VALUES ($1::uuid, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12)
  ON CONFLICT (source_id, dedupe_key) DO UPDATE
    SET duplicate_count = events.duplicate_count + 1, last_duplicate_at = now()
  RETURNING id, (xmax = 0) AS inserted`;

/** PostgreSQL refused the data, not the request: it would refuse it again. */
export class UnstorableEventError extends Error {
  constructor(readonly sqlState: string) {
    super(`PostgreSQL refused the event's data (SQLSTATE ${sqlState})`);
    this.name = "UnstorableEventError";
  }
}

/**
 * The SQLSTATE of an error caused by the row's data: class 22 (data exception: NUL in text, an
 * invalid jsonb value) or 54 (program limit: stack depth, value too large); "RangeError" when
 * serialising a parameter overflowed the stack. Null for anything else (connection, server).
 */
function dataErrorState(error: unknown): string | null {
  if (error instanceof RangeError) return "RangeError";
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|54)[0-9A-Z]{3}$/.test(code) ? code : null;
}

export async function storeEvent(event: NewEvent): Promise<StoreResult> {
  try {
    return await insertEvent(event);
  } catch (error) {
    const state = dataErrorState(error);
    if (state === null) throw error;
    log.warn("PostgreSQL refused an event's parsed data; storing the raw bytes only", { sourceId: event.sourceId, sqlState: state });
    try {
      return await insertEvent({ ...event, payload: null, eventType: null, parseError: `PostgreSQL refused the parsed body (${state}); kept as raw bytes only.` });
    } catch (again) {
      const stateAgain = dataErrorState(again);
      throw stateAgain === null ? again : new UnstorableEventError(stateAgain);
    }
  }
}

async function insertEvent(event: NewEvent): Promise<StoreResult> {
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; inserted: boolean }>(INSERT_EVENT, [
      event.sourceId,
      event.method,
      event.query,
      JSON.stringify(event.headers),
      event.contentType,
      event.body,
      event.body.byteLength,
      event.payload === null ? null : JSON.stringify(event.payload),
      event.parseError,
      event.eventType,
      JSON.stringify(event.verification),
      event.dedupeKey,
    ]);
    const row = rows[0];
    if (!row) throw new Error("insert returned no row");
    if (row.inserted) await sendJob({ name: "route-event", payload: { eventId: row.id }, db: onPgClient(client) });
    return { eventId: row.id, duplicate: !row.inserted };
  });
}
