// What the database announces on the 'switchyard_live' channel (see the triggers in migrations
// 20261123133842_operations_log_and_live, 20261204080000_ingest_hot_path and
// 20261209000000_live_notifications_per_statement), and which of those a page cares about. Pure:
// imported by the server's listener and the browser's LiveRefresh alike.
import { z } from "zod";

const id = z.string().min(1);
const ids = z.array(id).min(1);

export const LiveMessageSchema = z.discriminatedUnion("kind", [
  // Events and deliveries are announced once per statement that wrote them: one message per source
  // (destination) naming the rows, in chunks that keep a payload under NOTIFY's 8000 bytes. A
  // delivery's eventIds run beside its ids (eventIds[i] is ids[i]'s event).
  z.object({ kind: z.literal("event"), sourceId: id, ids }),
  z
    .object({ kind: z.literal("delivery"), destinationId: id, ids, eventIds: ids })
    .refine((message) => message.eventIds.length === message.ids.length, "eventIds must run beside ids"),
  z.object({ kind: z.literal("bulk_operation"), id }),
  z.object({ kind: z.literal("destination"), id }),
  // A source or one of its secrets changed (receivers drop their cached copy).
  z.object({ kind: z.literal("source"), id }),
  // Messages of this inbox (a destination id) became receivable: waiting consumers look again.
  z.object({ kind: z.literal("inbox"), id }),
]);

export type LiveMessage = z.infer<typeof LiveMessageSchema>;

/** A page's interest: rows of this kind, and if given, only those whose fields equal these. */
export type LiveWatch = { kind: LiveMessage["kind"]; id?: string; eventId?: string; sourceId?: string; destinationId?: string };

/** One row a message announces, with the fields a watch can name. */
type AnnouncedRow = { kind: LiveMessage["kind"]; id: string; eventId?: string; sourceId?: string; destinationId?: string };

const WATCH_FIELDS = ["id", "eventId", "sourceId", "destinationId"] as const;

/** The message in a NOTIFY payload or SSE data line, or null when it is not JSON or not one we know. */
export function parseLiveMessage(text: string): LiveMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = LiveMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function announcedRows(message: LiveMessage): AnnouncedRow[] {
  switch (message.kind) {
    case "event":
      return message.ids.map((rowId) => ({ kind: "event", id: rowId, sourceId: message.sourceId }));
    case "delivery":
      return message.ids.map((rowId, index) => ({ kind: "delivery", id: rowId, eventId: message.eventIds[index], destinationId: message.destinationId }));
    default:
      return [message];
  }
}

/** The rows of the message the watch is interested in, each as "kind:id". */
export function watchedRows(message: LiveMessage, watch: LiveWatch): string[] {
  if (message.kind !== watch.kind) return [];
  return announcedRows(message)
    .filter((row) => WATCH_FIELDS.every((field) => watch[field] === undefined || row[field] === watch[field]))
    .map((row) => `${row.kind}:${row.id}`);
}

/**
 * What a stream batch keeps one message for: a row (a later message about it replaces the
 * earlier), or a source's events and a destination's deliveries (merged: mergeLiveMessages).
 */
export function batchKey(message: LiveMessage): string {
  if (message.kind === "event") return `event:source:${message.sourceId}`;
  if (message.kind === "delivery") return `delivery:destination:${message.destinationId}`;
  return `${message.kind}:${message.id}`;
}

/** Two messages of one batchKey as one: every row of both, once each, in the order last announced. */
export function mergeLiveMessages(earlier: LiveMessage, later: LiveMessage): LiveMessage {
  if (earlier.kind === "event" && later.kind === "event") {
    const again = new Set(later.ids);
    return { ...later, ids: [...earlier.ids.filter((rowId) => !again.has(rowId)), ...later.ids] };
  }
  if (earlier.kind === "delivery" && later.kind === "delivery") {
    const events = new Map(earlier.ids.map((rowId, index) => [rowId, earlier.eventIds[index]!]));
    for (const [index, rowId] of later.ids.entries()) {
      events.delete(rowId);
      events.set(rowId, later.eventIds[index]!);
    }
    return { ...later, ids: [...events.keys()], eventIds: [...events.values()] };
  }
  return later;
}
