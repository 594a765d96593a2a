// Alert history, newest first: firing and resolved alerts with the notifications each one sent.
import { RULE_KINDS } from "@/lib/alerts/rule-kinds";
import { subjectPath } from "@/lib/alerts/alert-message";
import type { AlertListQuery, AlertView } from "@/lib/alerts/schema";
import { db } from "@/lib/db";

export async function listAlerts({ status, limit = 50 }: Partial<AlertListQuery> = {}): Promise<AlertView[]> {
  const rows = await db().alert.findMany({
    where: status ? { status } : {},
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, Math.trunc(limit)), 200),
    include: {
      rule: { select: { kind: true } },
      notifications: { orderBy: { createdAt: "asc" }, select: { kind: true, status: true, error: true, createdAt: true, sentAt: true, channel: { select: { name: true } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    rule: row.rule.kind,
    ruleTitle: RULE_KINDS[row.rule.kind].title,
    subject: { key: row.subjectKey, name: row.subjectName, path: subjectPath(row.subjectKey) },
    status: row.status,
    summary: row.summary,
    startedAt: row.startedAt.toISOString(),
    lastNotifiedAt: row.lastNotifiedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    notifications: row.notifications.map((notification) => ({
      kind: notification.kind,
      channel: notification.channel.name,
      status: notification.status,
      error: notification.error,
      at: (notification.sentAt ?? notification.createdAt).toISOString(),
    })),
  }));
}
