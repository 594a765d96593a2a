// A page of events, newest first, with keyset pagination on (received_at, id): every page costs the
// same however deep the operator scrolls (no OFFSET scans). Filters (lib/events/event-filter.ts)
// become one parameterised WHERE (lib/events/event-filter-sql.ts); plain pg, like routing, because
// the conditions prefilter's jsonpath operator is beyond Prisma's query builder.
import { pool } from "@/lib/db";
import type { EventFilter } from "@/lib/events/event-filter";
import { CONDITION_ROW_COLUMNS, type ConditionRow } from "@/lib/events/condition-filter";
import { eventFilterSql } from "@/lib/events/event-filter-sql";
import type { EventStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { summaryColumns, summaryReader, type SummaryColumns } from "@/lib/summaries/event-summaries";

export interface EventListItem {
  id: string;
  sourceId: string;
  sourceName: string;
  receivedAt: Date;
  method: string;
  contentType: string | null;
  eventType: string | null;
  /** The event's name by its source's summary template (lib/summaries); null when nothing filled it. */
  summary: string | null;
  duplicateCount: number;
  sizeBytes: number;
  status: EventStatus;
  tags: string[];
}

export interface EventPage {
  events: EventListItem[];
  /** Pass back as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const MAX_EVENT_PAGE = 200;
/**
 * With conditions, rows are read in batches and the engine keeps the matching ones; one page reads
 * at most this many, then ends early with a cursor at the last row read (the next page goes on).
 */
export const MAX_CONDITION_SCAN = 10_000;
const CONDITION_BATCH = 500;

export function encodeCursor(item: { receivedAt: Date; id: string }): string {
  return Buffer.from(`${item.receivedAt.toISOString()}|${item.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { receivedAt: Date; id: string } | null {
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const receivedAt = new Date(time ?? "");
  if (!id || Number.isNaN(receivedAt.getTime()) || !isUuid(id)) return null;
  return { receivedAt, id };
}

interface Row extends SummaryColumns, Partial<ConditionRow> {
  id: string;
  source_id: string;
  source_name: string;
  received_at: Date;
  method: string;
  content_type: string | null;
  event_type: string | null;
  duplicate_count: number;
  body_size: number;
  status: EventStatus;
  tags: string[];
}

interface ListEventsOptions {
  filter?: EventFilter;
  /** A cursor from a previous page; an invalid one reads from the newest event. */
  before?: string;
  limit?: number;
  /** Shorthand for filter.source (the source page and the rule builder list one source's events). */
  sourceId?: string;
  /** What a quick time range ("last hour") is relative to. */
  now?: Date;
}

/** The SELECT listEvents runs (exported for bench:events, which EXPLAINs it). Fetches one row more than a page. */
export function listEventsQuery({ filter = {}, before, limit = 50, sourceId, now = new Date() }: ListEventsOptions): {
  text: string;
  values: unknown[];
  size: number;
  matches?: (row: ConditionRow) => boolean;
} {
  const size = Math.min(Math.max(1, Math.floor(limit)), MAX_EVENT_PAGE);
  const cursor = before ? decodeCursor(before) : null;
  const where = eventFilterSql(sourceId ? { ...filter, source: sourceId } : filter, { now });
  const extra = where.matches ? `, ${CONDITION_ROW_COLUMNS}` : "";
  const values = [...where.values];
  let keyset = "";
  if (cursor) {
    values.push(cursor.receivedAt, cursor.id);
    keyset = ` AND (e.received_at, e.id) < ($${values.length - 1}, $${values.length}::uuid)`;
  }
  values.push(where.matches ? Math.max(size + 1, CONDITION_BATCH) : size + 1);
  const text = `SELECT e.id, e.source_id, s.name AS source_name, e.received_at, e.method,
            e.content_type, e.event_type, e.duplicate_count, e.body_size, e.status, e.tags, ${summaryColumns("e", "s")}${extra}
       FROM events e JOIN sources s ON s.id = e.source_id
      WHERE ${where.sql}${keyset}
      ORDER BY e.received_at DESC, e.id DESC
      LIMIT $${values.length}`;
  return { text, values, size, ...(where.matches ? { matches: where.matches } : {}) };
}

/** Rows for one page: one query, or with conditions batches until a page matched or the scan budget is spent. */
async function readRows(options: ListEventsOptions): Promise<{ rows: Row[]; size: number; resumeAt: Row | null }> {
  const first = listEventsQuery(options);
  if (!first.matches) return { rows: (await pool().query<Row>(first.text, first.values)).rows, size: first.size, resumeAt: null };
  const matched: Row[] = [];
  let before = options.before;
  let scanned = 0;
  for (;;) {
    const { text, values, matches } = listEventsQuery({ ...options, before });
    const { rows } = await pool().query<Row>(text, values);
    scanned += rows.length;
    for (const row of rows) if (matches!(row as Row & ConditionRow)) matched.push(row);
    const last = rows.at(-1);
    if (matched.length > first.size || rows.length < Number(values.at(-1)) || !last) return { rows: matched, size: first.size, resumeAt: null };
    if (scanned >= MAX_CONDITION_SCAN) return { rows: matched, size: first.size, resumeAt: last };
    before = encodeCursor({ receivedAt: last.received_at, id: last.id });
  }
}

export async function listEvents(options: ListEventsOptions): Promise<EventPage> {
  const { rows, size, resumeAt } = await readRows(options);
  const summaryOf = summaryReader();
  const page = rows.slice(0, size).map((row): EventListItem => ({
    id: row.id,
    sourceId: row.source_id,
    sourceName: row.source_name,
    receivedAt: row.received_at,
    method: row.method,
    contentType: row.content_type,
    eventType: row.event_type,
    summary: summaryOf(row),
    duplicateCount: row.duplicate_count,
    sizeBytes: row.body_size,
    status: row.status,
    tags: row.tags,
  }));
  const last = page.at(-1);
  if (resumeAt) return { events: page, nextCursor: encodeCursor({ receivedAt: resumeAt.received_at, id: resumeAt.id }) };
  return { events: page, nextCursor: rows.length > size && last ? encodeCursor(last) : null };
}
