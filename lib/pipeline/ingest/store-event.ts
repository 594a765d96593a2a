// Stores accepted requests and enqueues their routing jobs, durably, before anyone is answered.
// Concurrent requests are written together (group commit, group-commit.ts): one multi-row INSERT of
// the events, one route-event job naming its rows, one COMMIT, and each request's
// promise settles only after that commit. A delivery whose dedupe key was seen before is not stored
// again: the original's duplicate count goes up instead, decided by the unique index, so concurrent
// duplicates cannot both get in (copies within one batch are folded before the INSERT, which may
// touch each row only once).
// This is the hot path: plain pg on one pipelined connection per batch, one round trip a commit
// (inOneRoundTrip in lib/db.ts), not an interactive Prisma transaction (bench:ingest measured that
// several times cheaper).
// If PostgreSQL refuses a row's data itself (something parse-payload did not foresee), the batch is
// written again one event at a time, and the refused one without what was derived from its body,
// which stays byte-exact in `body`: refusing data is not the database being unavailable, and
// retrying it could never succeed. Only that event can end as UnstorableEventError.
import { v7 as timeOrderedUuid } from "uuid";
import type pg from "pg";
import { inOneRoundTrip } from "@/lib/db";
import { logger } from "@/lib/log";
import { GroupCommit } from "@/lib/pipeline/ingest/group-commit";
import { enqueueRouteEvents, jobStatements, ROUTE_JOB_EVENTS } from "@/lib/queue";

const log = logger("ingest");

/** Requests per commit at most (one route-event job names them all), and commits under way at once (each holds a pooled connection). */
const MAX_BATCH = ROUTE_JOB_EVENTS;
const MAX_BATCHES_IN_FLIGHT = 4;

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
  /** The receive span's W3C traceparent (lib/tracing); null with tracing off or unsampled. */
  traceParent: string | null;
}

export type StoreResult = { eventId: string; duplicate: boolean };

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

// received_at is each row's own clock_timestamp(), not the batch's shared now(); rows of one commit
// can still share its millisecond, and there the id breaks the tie (the events list orders by
// (received_at, id)): ids are UUIDv7, time-ordered and increasing in arrival order within this
// process, which also makes the primary key's inserts sequential instead of scattered.
const COLUMNS = "id, source_id, method, query, headers, content_type, body, body_size, payload, parse_error, event_type, verification, dedupe_key, trace_parent, duplicate_count, last_duplicate_at, received_at";
const VALUE_TYPES = ["uuid", "uuid", "text", "text", "jsonb", "text", "bytea", "int", "jsonb", "text", "text", "jsonb", "text", "text", "int"];

function insertSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, row) => {
    const offset = row * VALUE_TYPES.length;
    const params = VALUE_TYPES.map((type, column) => `$${offset + column + 1}::${type}`);
    // duplicate_count > 0: copies of this event came in the same batch.
    return `(${params.join(", ")}, CASE WHEN $${offset + VALUE_TYPES.length}::int > 0 THEN now() END, clock_timestamp())`;
  });
  return `INSERT INTO events (${COLUMNS}) VALUES ${values.join(", ")}
    ON CONFLICT (source_id, dedupe_key) DO UPDATE
      SET duplicate_count = events.duplicate_count + 1 + EXCLUDED.duplicate_count, last_duplicate_at = now()
    RETURNING id, source_id, dedupe_key, (xmax = 0) AS inserted`;
}

/** One row to insert: the first of its copies in the batch, and how many more came with it. */
interface Row {
  id: string;
  event: NewEvent;
  extraCopies: number;
  /** The batch positions of every copy, the first included. */
  positions: number[];
}

function rowValues({ id, event, extraCopies }: Row): unknown[] {
  return [
    id,
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
    event.traceParent,
    extraCopies,
  ];
}

/** One string per (source, dedupe key): a NUL cannot occur in either (dedupe-key.ts keeps it out). */
function dedupeIdentity(sourceId: string, dedupeKey: string): string {
  return `${sourceId}\u0000${dedupeKey}`;
}

/** Folds copies with the same (source, dedupe key) into one row. */
function toRows(events: NewEvent[]): Row[] {
  const rows: Row[] = [];
  const byKey = new Map<string, Row>();
  events.forEach((event, position) => {
    const key = event.dedupeKey === null ? null : dedupeIdentity(event.sourceId, event.dedupeKey);
    const existing = key === null ? undefined : byKey.get(key);
    if (existing) {
      existing.extraCopies++;
      existing.positions.push(position);
      return;
    }
    const row: Row = { id: timeOrderedUuid(), event, extraCopies: 0, positions: [position] };
    rows.push(row);
    if (key !== null) byKey.set(key, row);
  });
  return rows;
}

type StoredRow = { id: string; source_id: string; dedupe_key: string | null; inserted: boolean };

/**
 * Inserts the rows and their route-event job in one transaction of ONE round trip (inOneRoundTrip):
 * BEGIN, the events' INSERT, the job and COMMIT go out together. The job names every row's id, so
 * it need not wait for the insert's answer; a row that turned out a duplicate of an earlier event
 * (the unique index folded it into that one) has no event under its id, and routing passes over it.
 */
async function insertRows(rows: Row[]): Promise<Map<Row, StoreResult>> {
  const job = await jobStatements((tx) => enqueueRouteEvents({ eventIds: rows.map((row) => row.id), tx }));
  const [{ rows: stored }] = (await inOneRoundTrip([{ text: insertSql(rows.length), values: rows.flatMap(rowValues) }, ...job])) as [pg.QueryResult<StoredRow>];
  const byId = new Map(stored.map((row) => [row.id, row]));
  const byKey = new Map(stored.filter((row) => row.dedupe_key !== null).map((row) => [dedupeIdentity(row.source_id, row.dedupe_key!), row]));
  const results = new Map<Row, StoreResult>();
  for (const row of rows) {
    const found = byId.get(row.id) ?? (row.event.dedupeKey === null ? undefined : byKey.get(dedupeIdentity(row.event.sourceId, row.event.dedupeKey)));
    if (!found) throw new Error("the insert returned no row for an event");
    results.set(row, { eventId: found.id, duplicate: !found.inserted });
  }
  return results;
}

/** Each event's outcome, in order: where copies came together, the first is the one stored. */
function outcomes(events: NewEvent[], rows: Row[], results: Map<Row, StoreResult | Error>): Array<StoreResult | Error> {
  const byPosition = new Array<StoreResult | Error>(events.length);
  for (const row of rows) {
    const result = results.get(row)!;
    row.positions.forEach((position, copy) => {
      byPosition[position] = result instanceof Error || copy === 0 ? result : { eventId: result.eventId, duplicate: true };
    });
  }
  return byPosition;
}

/** Stores one row alone; when PostgreSQL refuses its data, once more as raw bytes only. */
async function storeAlone(row: Row): Promise<StoreResult | Error> {
  try {
    return (await insertRows([row])).get(row)!;
  } catch (error) {
    const state = dataErrorState(error);
    if (state === null) throw error;
    log.warn("PostgreSQL refused an event's parsed data; storing the raw bytes only", { sourceId: row.event.sourceId, sqlState: state });
    const rawOnly: Row = {
      ...row,
      event: { ...row.event, payload: null, eventType: null, parseError: `PostgreSQL refused the parsed body (${state}); kept as raw bytes only.` },
    };
    try {
      return (await insertRows([rawOnly])).get(rawOnly)!;
    } catch (again) {
      const stateAgain = dataErrorState(again);
      if (stateAgain === null) throw again;
      return new UnstorableEventError(stateAgain);
    }
  }
}

/**
 * Writes a batch of events in one transaction, and answers each: its result, or for an event whose
 * data PostgreSQL refuses even as raw bytes, an UnstorableEventError. Rejects when the database
 * could not take the batch at all.
 */
export async function storeEvents(events: NewEvent[]): Promise<Array<StoreResult | Error>> {
  const rows = toRows(events);
  let results: Map<Row, StoreResult | Error>;
  try {
    results = await insertRows(rows);
  } catch (error) {
    if (dataErrorState(error) === null) throw error;
    // One row's data spoiled the statement for all: write them one by one to find it.
    results = new Map();
    for (const row of rows) results.set(row, await storeAlone(row));
  }
  return outcomes(events, rows, results);
}

const batches = new GroupCommit<NewEvent, StoreResult>({ maxBatch: MAX_BATCH, maxInFlight: MAX_BATCHES_IN_FLIGHT, write: storeEvents });

/** Stores one accepted request with whatever else arrives meanwhile; settles after their commit. */
export function storeEvent(event: NewEvent): Promise<StoreResult> {
  return batches.submit(event);
}
