// A page of deliveries, newest first, keyset-paginated on (created_at, id) so every page costs the
// same however deep the operator goes; the (created_at, id) and (status, created_at, id) indexes
// serve it with and without a status filter.
import { pool } from "@/lib/db";
import { attemptInProgressSql } from "@/lib/deliveries/attempt-lock";
import type { DeliveryFilter, DeliveryStatusName } from "@/lib/deliveries/delivery-filter";
import { decodeDeliveryCursor, deliveryConditions, encodeDeliveryCursor, whereClause } from "@/lib/deliveries/delivery-filter-sql";
import { summaryColumns, summaryReader, type SummaryColumns } from "@/lib/summaries/event-summaries";

export const DEFAULT_DELIVERY_PAGE = 50;
export const MAX_DELIVERY_PAGE = 200;
const SNIPPET_CHARS = 200;

export interface DeliveryListItem {
  id: string;
  status: DeliveryStatusName;
  attempts: number;
  /** The last attempt's HTTP status; null before the first attempt or when it got no answer. */
  lastStatus: number | null;
  lastError: string | null;
  /** The start of the last attempt's response body (up to 200 characters), if it got one. */
  lastResponseSnippet: string | null;
  /** When the next attempt is due (pending or retrying); null otherwise. */
  nextAttemptAt: Date | null;
  /** A worker is attempting it right now (its request may be out); `attempts` counts it once it is recorded. */
  attemptInProgress: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** `summary`: the event's name (lib/summaries). */
  event: { id: string; type: string | null; summary: string | null };
  source: { id: string; name: string };
  destination: { id: string; name: string; state: "active" | "paused" };
}

export interface DeliveryPage {
  deliveries: DeliveryListItem[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** The columns a DeliveryListItem is read from (getDelivery reads one the same way). */
export const DELIVERY_ROW_SELECT = `SELECT d.id, d.status::text AS status, d.attempts, d.last_status, d.last_error, d.next_attempt_at, d.created_at, d.updated_at,
            e.id AS event_id, e.event_type, s.id AS source_id, s.name AS source_name,
            t.id AS destination_id, t.name AS destination_name, t.state::text AS destination_state, ${summaryColumns("e", "s")},
            (SELECT left(a.response_body, ${SNIPPET_CHARS}) FROM delivery_attempts a WHERE a.delivery_id = d.id AND a.number = d.attempts) AS last_response,
            ${attemptInProgressSql("d")} AS attempt_in_progress
     FROM deliveries d
     JOIN events e ON e.id = d.event_id
     JOIN sources s ON s.id = e.source_id
     JOIN destinations t ON t.id = d.destination_id`;

export interface DeliveryRow extends SummaryColumns {
  id: string;
  status: DeliveryStatusName;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_response: string | null;
  next_attempt_at: Date | null;
  attempt_in_progress: boolean;
  created_at: Date;
  updated_at: Date;
  event_id: string;
  event_type: string | null;
  source_id: string;
  source_name: string;
  destination_id: string;
  destination_name: string;
  destination_state: "active" | "paused";
}

export class InvalidCursorError extends Error {
  constructor() {
    super("The cursor is not one this list handed out");
  }
}

export async function listDeliveries({
  filter,
  cursor,
  limit = DEFAULT_DELIVERY_PAGE,
}: {
  filter: DeliveryFilter;
  /** A `nextCursor` from an earlier page. */
  cursor?: string | null;
  limit?: number;
}): Promise<DeliveryPage> {
  const after = cursor ? decodeDeliveryCursor(cursor) : null;
  if (cursor && !after) throw new InvalidCursorError();
  const size = Math.min(Math.max(1, Math.trunc(limit)), MAX_DELIVERY_PAGE);
  const values: unknown[] = [];
  const where = whereClause(deliveryConditions(filter, values, after));
  const { rows } = await pool().query<DeliveryRow>(
    `${DELIVERY_ROW_SELECT}
     ${where}
     ORDER BY d.created_at DESC, d.id DESC
     LIMIT ${size + 1}`,
    values,
  );
  const page = rows.slice(0, size);
  const last = page.at(-1);
  const summaryOf = summaryReader();
  return {
    deliveries: page.map((row) => toDeliveryListItem(row, summaryOf)),
    nextCursor: rows.length > size && last ? encodeDeliveryCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

export function toDeliveryListItem(row: DeliveryRow, summaryOf = summaryReader()): DeliveryListItem {
  return {
    id: row.id,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastResponseSnippet: row.last_response,
    nextAttemptAt: row.status === "pending" || row.status === "retrying" ? row.next_attempt_at : null,
    attemptInProgress: row.attempt_in_progress,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    event: { id: row.event_id, type: row.event_type, summary: summaryOf(row) },
    source: { id: row.source_id, name: row.source_name },
    destination: { id: row.destination_id, name: row.destination_name, state: row.destination_state },
  };
}
