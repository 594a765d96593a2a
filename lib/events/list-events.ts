// A page of events, newest first, with keyset pagination on (received_at, id): every page costs the
// same however deep the operator scrolls (no OFFSET scans).
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import type { EventStatus } from "@/lib/generated/prisma/client";

export interface EventListItem {
  id: string;
  sourceId: string;
  sourceName: string;
  receivedAt: Date;
  method: string;
  contentType: string | null;
  eventType: string | null;
  duplicateCount: number;
  sizeBytes: number;
  status: EventStatus;
}

export interface EventPage {
  events: EventListItem[];
  /** Pass back as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(item: { receivedAt: Date; id: string }): string {
  return Buffer.from(`${item.receivedAt.toISOString()}|${item.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { receivedAt: Date; id: string } | null {
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const receivedAt = new Date(time ?? "");
  if (!id || Number.isNaN(receivedAt.getTime()) || !isUuid(id)) return null;
  return { receivedAt, id };
}

export async function listEvents({ before, limit = 50, sourceId }: { before?: string; limit?: number; sourceId?: string }): Promise<EventPage> {
  const cursor = before ? decodeCursor(before) : null;
  const rows = await db().event.findMany({
    where: {
      ...(sourceId ? { sourceId } : {}),
      ...(cursor
        ? { OR: [{ receivedAt: { lt: cursor.receivedAt } }, { receivedAt: cursor.receivedAt, id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, sourceId: true, receivedAt: true, method: true, contentType: true, status: true, bodySize: true, eventType: true, duplicateCount: true, source: { select: { name: true } } },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({
      id: row.id,
      sourceId: row.sourceId,
      sourceName: row.source.name,
      receivedAt: row.receivedAt,
      method: row.method,
      contentType: row.contentType,
      eventType: row.eventType,
      duplicateCount: row.duplicateCount,
      sizeBytes: row.bodySize,
      status: row.status,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
