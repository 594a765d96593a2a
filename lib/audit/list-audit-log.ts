// A page of the audit log, newest first, keyset-paginated on (at, id) so every page costs the same.
// Each row says whether its target still exists, so the UI links only to what is there.
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import type { AuditTargetType } from "@/lib/audit/record-audit";
import { AUDIT_PAGE_SIZE, MAX_AUDIT_PAGE_SIZE, type AuditLogPage } from "@/lib/audit/schema";


export function encodeAuditCursor(item: { at: Date; id: string }): string {
  return Buffer.from(`${item.at.toISOString()}|${item.id}`).toString("base64url");
}

export function decodeAuditCursor(cursor: string): { at: Date; id: string } | null {
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(time ?? "");
  if (!id || Number.isNaN(at.getTime()) || !isUuid(id)) return null;
  return { at, id };
}

export class AuditCursorError extends Error {
  constructor() {
    super("This page cursor is not valid; start again from the first page.");
    this.name = "AuditCursorError";
  }
}

export async function listAuditLog({
  before,
  limit = AUDIT_PAGE_SIZE,
  targetType,
}: {
  before?: string;
  limit?: number;
  targetType?: AuditTargetType;
}): Promise<AuditLogPage> {
  const cursor = before ? decodeAuditCursor(before) : null;
  if (before && !cursor) throw new AuditCursorError();
  const take = Math.min(Math.max(1, Math.trunc(limit)), MAX_AUDIT_PAGE_SIZE);
  const rows = await db().auditLog.findMany({
    where: {
      ...(targetType ? { targetType } : {}),
      ...(cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  const existing = await existingTargets(page);
  const last = page.at(-1);
  return {
    entries: page.map((row) => {
      const found = row.targetId ? existing.get(`${row.targetType}:${row.targetId}`) : undefined;
      return {
        id: row.id,
        at: row.at,
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        action: row.action,
        target: {
          type: row.targetType,
          id: row.targetId,
          name: row.targetName,
          exists: found !== undefined,
          sourceId: found?.sourceId ?? null,
          eventId: found?.eventId ?? null,
          bulkKind: found?.bulkKind ?? null,
        },
        details: row.details && typeof row.details === "object" && !Array.isArray(row.details) ? row.details : {},
      };
    }),
    nextCursor: rows.length > take && last ? encodeAuditCursor(last) : null,
  };
}

interface FoundTarget {
  sourceId?: string;
  eventId?: string;
  bulkKind?: string;
}

/** "type:id" → the target, for the page's targets that still exist (one query per type present). */
async function existingTargets(
  rows: Array<{ targetType: string; targetId: string | null }>,
): Promise<Map<string, FoundTarget>> {
  const idsOf = (type: AuditTargetType) => [
    ...new Set(rows.flatMap((row) => (row.targetType === type && isUuid(row.targetId) ? [row.targetId] : []))),
  ];
  const lookup = async <Row extends { id: string }>(
    type: AuditTargetType,
    find: (ids: string[]) => Promise<Row[]>,
    link: (row: Row) => FoundTarget = () => ({}),
  ): Promise<Array<[string, FoundTarget]>> => {
    const ids = idsOf(type);
    return ids.length === 0 ? [] : (await find(ids)).map((row) => [`${type}:${row.id}`, link(row)]);
  };
  const select = { id: true } as const;
  const found = await Promise.all([
    lookup("source", (ids) => db().source.findMany({ where: { id: { in: ids } }, select })),
    lookup("destination", (ids) => db().destination.findMany({ where: { id: { in: ids } }, select })),
    lookup(
      "rule",
      (ids) => db().rule.findMany({ where: { id: { in: ids } }, select: { id: true, sourceId: true } }),
      ({ sourceId }) => ({ sourceId }),
    ),
    lookup("api_token", (ids) => db().apiToken.findMany({ where: { id: { in: ids } }, select })),
    lookup(
      "delivery",
      (ids) => db().delivery.findMany({ where: { id: { in: ids } }, select: { id: true, eventId: true } }),
      ({ eventId }) => ({ eventId }),
    ),
    lookup("event", (ids) => db().event.findMany({ where: { id: { in: ids } }, select })),
    lookup(
      "bulk_operation",
      (ids) => db().bulkOperation.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true } }),
      ({ kind }) => ({ bulkKind: kind }),
    ),
    lookup("notification_channel", (ids) => db().notificationChannel.findMany({ where: { id: { in: ids } }, select })),
    lookup("alert_rule", (ids) => db().alertRule.findMany({ where: { id: { in: ids } }, select })),
    lookup("user", (ids) => db().user.findMany({ where: { id: { in: ids } }, select })),
    lookup("invite", (ids) => db().invite.findMany({ where: { id: { in: ids } }, select })),
  ]);
  return new Map(found.flat());
}
