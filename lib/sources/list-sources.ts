// Sources with their recent traffic, for the sources page and the API. Each figure is answered
// from an index on (source_id, received_at), so the page stays fast however many events are stored.
import { db } from "@/lib/db";
import { isSchemeId, type SchemeId } from "@/lib/signatures/types";

export interface SourceSummary {
  id: string;
  name: string;
  key: string;
  enabled: boolean;
  scheme: SchemeId;
  createdAt: Date;
  eventsLast24h: number;
  rejectedLast24h: number;
  lastReceivedAt: Date | null;
}

export async function listSources(): Promise<SourceSummary[]> {
  const rows = await db().$queryRaw<
    Array<{ id: string; name: string; key: string; enabled: boolean; scheme: string; created_at: Date; events_24h: bigint; rejected_24h: bigint; last_received_at: Date | null }>
  >`
    SELECT s.id, s.name, s.key, s.enabled, s.scheme, s.created_at,
      (SELECT count(*) FROM events e WHERE e.source_id = s.id AND e.received_at >= now() - interval '24 hours') AS events_24h,
      (SELECT count(*) FROM rejected_requests r WHERE r.source_id = s.id AND r.received_at >= now() - interval '24 hours') AS rejected_24h,
      (SELECT max(e.received_at) FROM events e WHERE e.source_id = s.id) AS last_received_at
    FROM sources s
    ORDER BY s.created_at DESC`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    key: row.key,
    enabled: row.enabled,
    scheme: isSchemeId(row.scheme) ? row.scheme : "none",
    createdAt: row.created_at,
    eventsLast24h: Number(row.events_24h),
    rejectedLast24h: Number(row.rejected_24h),
    lastReceivedAt: row.last_received_at,
  }));
}
