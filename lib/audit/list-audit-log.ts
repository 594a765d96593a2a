// A page of the audit log, newest first, keyset-paginated on (at, id) so every page costs the same.
// Each row says whether its target still exists, so the UI links only to what is there.
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import type { AuditTargetType } from "@/lib/audit/record-audit";
import { AUDIT_PAGE_SIZE, MAX_AUDIT_PAGE_SIZE } from "@/lib/audit/schema";

export interface AuditLogItem {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  target: {
    type: string;
    id: string | null;
    name: string | null;
    /** Still there (a token counts while it exists, revoked or not). */
    exists: boolean;
    /** A rule's source, for its link. */
    sourceId: string | null;
  };
  details: Record<string, unknown>;
}

export interface AuditLogPage {
  entries: AuditLogItem[];
  /** Pass back as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

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
        },
        details: row.details && typeof row.details === "object" && !Array.isArray(row.details) ? row.details : {},
      };
    }),
    nextCursor: rows.length > take && last ? encodeAuditCursor(last) : null,
  };
}

/** "type:id" → the target, for the page's targets that still exist (one query per type). */
async function existingTargets(
  rows: Array<{ targetType: string; targetId: string | null }>,
): Promise<Map<string, { sourceId: string | null }>> {
  const idsOf = (type: AuditTargetType) => [
    ...new Set(rows.flatMap((row) => (row.targetType === type && isUuid(row.targetId) ? [row.targetId] : []))),
  ];
  const [sources, destinations, rules, tokens] = await Promise.all([
    db().source.findMany({ where: { id: { in: idsOf("source") } }, select: { id: true } }),
    db().destination.findMany({ where: { id: { in: idsOf("destination") } }, select: { id: true } }),
    db().rule.findMany({ where: { id: { in: idsOf("rule") } }, select: { id: true, sourceId: true } }),
    db().apiToken.findMany({ where: { id: { in: idsOf("api_token") } }, select: { id: true } }),
  ]);
  const found = new Map<string, { sourceId: string | null }>();
  for (const { id } of sources) found.set(`source:${id}`, { sourceId: null });
  for (const { id } of destinations) found.set(`destination:${id}`, { sourceId: null });
  for (const { id, sourceId } of rules) found.set(`rule:${id}`, { sourceId });
  for (const { id } of tokens) found.set(`api_token:${id}`, { sourceId: null });
  return found;
}
