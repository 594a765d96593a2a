// The destinations with the most failed delivery attempts in the range, with their success rate,
// state and circuit (open: its deliveries are held while the endpoint keeps failing).
import { db } from "@/lib/db";
import { rangeWindow, type OverviewRange } from "@/lib/overview/range";

export interface FailingDestination {
  id: string;
  name: string;
  state: string;
  circuitState: "closed" | "open";
  failed: number;
  attempts: number;
  /** Succeeded attempts / all attempts in the range, 0..1. */
  successRate: number;
}

export async function listFailingDestinations({ range, now = new Date(), limit = 5 }: { range: OverviewRange; now?: Date; limit?: number }): Promise<FailingDestination[]> {
  const { from, to } = rangeWindow(range, now);
  const rows = await db().$queryRaw<Array<{ id: string; name: string; state: string; circuit_state: "closed" | "open"; failed: bigint; attempts: bigint }>>`
    SELECT t.id, t.name, t.state::text AS state, t.circuit_state::text AS circuit_state, a.failed, a.attempts
    FROM (
      SELECT d.destination_id,
        count(*) FILTER (WHERE a.response_status IS NULL OR a.response_status NOT BETWEEN 200 AND 299) AS failed,
        count(*) AS attempts
      FROM delivery_attempts a
      JOIN deliveries d ON d.id = a.delivery_id
      WHERE a.started_at >= ${from} AND a.started_at < ${to}
      GROUP BY d.destination_id
    ) a
    JOIN destinations t ON t.id = a.destination_id
    WHERE a.failed > 0
    ORDER BY a.failed DESC, a.attempts DESC, t.name
    LIMIT ${limit}`;
  return rows.map((row) => {
    const attempts = Number(row.attempts);
    const failed = Number(row.failed);
    return { id: row.id, name: row.name, state: row.state, circuitState: row.circuit_state, failed, attempts, successRate: attempts === 0 ? 0 : (attempts - failed) / attempts };
  });
}
