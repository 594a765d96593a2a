// Requests each source refused in the range (bad signature, disabled, too large…), most first. One
// index range scan per source on rejected_requests (source_id, received_at desc).
import { db } from "@/lib/db";
import { rangeWindow, type OverviewRange } from "@/lib/overview/range";

export interface SourceRejections {
  id: string;
  name: string;
  rejected: number;
  /** The reason given most often. */
  topReason: string;
  lastAt: Date;
}

export async function listRejectionsBySource({ range, now = new Date(), limit = 5 }: { range: OverviewRange; now?: Date; limit?: number }): Promise<SourceRejections[]> {
  const { from, to } = rangeWindow(range, now);
  const rows = await db().$queryRaw<Array<{ id: string; name: string; rejected: bigint; top_reason: string; last_at: Date }>>`
    SELECT s.id, s.name, r.rejected, r.top_reason, r.last_at
    FROM sources s
    CROSS JOIN LATERAL (
      SELECT count(*) AS rejected, mode() WITHIN GROUP (ORDER BY reason) AS top_reason, max(received_at) AS last_at
      FROM rejected_requests
      WHERE source_id = s.id AND received_at >= ${from} AND received_at < ${to}
    ) r
    WHERE r.rejected > 0
    ORDER BY r.rejected DESC, r.last_at DESC
    LIMIT ${limit}`;
  return rows.map((row) => ({ id: row.id, name: row.name, rejected: Number(row.rejected), topReason: row.top_reason, lastAt: row.last_at }));
}
