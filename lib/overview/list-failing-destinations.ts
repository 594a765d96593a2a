// The destinations with the most deliveries that failed for good among those made in the range,
// with the share of their finished deliveries that succeeded, their state and circuit. Counted by
// each delivery's outcome now, so a destination whose failed deliveries were retried and delivered
// drops off the list.
import { db } from "@/lib/db";
import { rangeWindow, type OverviewRange } from "@/lib/overview/range";

export interface FailingDestination {
  id: string;
  name: string;
  state: string;
  circuitState: "closed" | "open";
  /** Deliveries made in the range that failed for good. */
  failed: number;
  /** Deliveries made in the range with a final outcome (succeeded or failed). */
  finished: number;
  /** Succeeded / finished, 0..1. */
  successRate: number;
}

export async function listFailingDestinations({ range, now = new Date(), limit = 5 }: { range: OverviewRange; now?: Date; limit?: number }): Promise<FailingDestination[]> {
  const { from, to } = rangeWindow(range, now);
  const rows = await db().$queryRaw<Array<{ id: string; name: string; state: string; circuit_state: "closed" | "open"; failed: bigint; finished: bigint }>>`
    SELECT t.id, t.name, t.state::text AS state, t.circuit_state::text AS circuit_state, d.failed, d.finished
    FROM (
      SELECT destination_id,
        count(*) FILTER (WHERE status = 'failed') AS failed,
        count(*) FILTER (WHERE status IN ('succeeded', 'failed')) AS finished
      FROM deliveries
      WHERE created_at >= ${from} AND created_at < ${to}
      GROUP BY destination_id
    ) d
    JOIN destinations t ON t.id = d.destination_id
    WHERE d.failed > 0
    ORDER BY d.failed DESC, d.finished DESC, t.name
    LIMIT ${limit}`;
  return rows.map((row) => {
    const finished = Number(row.finished);
    const failed = Number(row.failed);
    return { id: row.id, name: row.name, state: row.state, circuitState: row.circuit_state, failed, finished, successRate: finished === 0 ? 0 : (finished - failed) / finished };
  });
}
