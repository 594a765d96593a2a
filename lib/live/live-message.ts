// What the database announces on the 'switchyard_live' channel (see the triggers in migrations
// 20261123133842_operations_log_and_live and 20261204080000_ingest_hot_path), and which of those a
// page cares about. Pure: imported by the server's listener and the browser's LiveRefresh alike.
import { z } from "zod";

const id = z.string().min(1);

export const LiveMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("event"), id, sourceId: id, status: z.string() }),
  z.object({ kind: z.literal("delivery"), id, eventId: id, destinationId: id, status: z.string() }),
  z.object({ kind: z.literal("bulk_operation"), id }),
  z.object({ kind: z.literal("destination"), id }),
  // A source or one of its secrets changed (receivers drop their cached copy).
  z.object({ kind: z.literal("source"), id }),
  // Messages of this inbox (a destination id) became receivable: waiting consumers look again.
  z.object({ kind: z.literal("inbox"), id }),
]);

export type LiveMessage = z.infer<typeof LiveMessageSchema>;

/** A page's interest: messages of this kind, and if given, only those whose fields equal these. */
export type LiveWatch = { kind: LiveMessage["kind"]; id?: string; eventId?: string; sourceId?: string; destinationId?: string };

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

export function matchesWatch(message: LiveMessage, watch: LiveWatch): boolean {
  if (message.kind !== watch.kind) return false;
  const fields = message as Partial<Record<(typeof WATCH_FIELDS)[number], string>>;
  return WATCH_FIELDS.every((field) => watch[field] === undefined || fields[field] === watch[field]);
}
