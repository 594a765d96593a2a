// Figures for the overview page.
import { db } from "@/lib/db";

export async function getOverview() {
  const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const [sourceCount, byStatus] = await Promise.all([
    db().source.count(),
    db().event.groupBy({ by: ["status"], where: { receivedAt: { gte: since } }, _count: { _all: true } }),
  ]);
  const last24h = Object.fromEntries(byStatus.map((row) => [row.status, row._count._all])) as Partial<Record<string, number>>;
  const total = byStatus.reduce((sum, row) => sum + row._count._all, 0);
  return { sourceCount, eventsLast24h: total, routedLast24h: last24h.routed ?? 0, pendingLast24h: last24h.received ?? 0, failedLast24h: last24h.failed ?? 0 };
}
