// Sources with their recent traffic, for the sources page. Both figures are answered from the
// (source_id, received_at) index, so the page stays fast however many events are stored.
import { db } from "@/lib/db";

export interface SourceSummary {
  id: string;
  name: string;
  key: string;
  enabled: boolean;
  createdAt: Date;
  eventsLast24h: number;
  lastReceivedAt: Date | null;
}

export async function listSources(): Promise<SourceSummary[]> {
  const rows = await db().$queryRaw<
    Array<{ id: string; name: string; key: string; enabled: boolean; created_at: Date; events_24h: bigint; last_received_at: Date | null }>
  >`
    SELECT s.id, s.name, s.key, s.enabled, s.created_at,
      (SELECT count(*) FROM events e WHERE e.source_id = s.id AND e.received_at >= now() - interval '24 hours') AS events_24h,
      (SELECT max(e.received_at) FROM events e WHERE e.source_id = s.id) AS last_received_at
    FROM sources s
    ORDER BY s.created_at DESC`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    key: row.key,
    enabled: row.enabled,
    createdAt: row.created_at,
    eventsLast24h: Number(row.events_24h),
    lastReceivedAt: row.last_received_at,
  }));
}
