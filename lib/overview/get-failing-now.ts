// What is failing right now, apart from the range's history: destinations whose circuit is open,
// that are paused, or whose latest attempts failed; deliveries retrying (attempted, failed, another
// attempt scheduled); and deliveries that failed for good and wait for someone to retry them. All
// zero means every destination currently works, whatever the history shows.
import { db } from "@/lib/db";

export interface FailingNowDestination {
  id: string;
  name: string;
  /** Why it is listed: circuit open (deliveries held), paused by an operator, or failing (latest attempts failed). */
  reason: "circuit_open" | "paused" | "failing";
  consecutiveFailures: number;
  failingSince: Date | null;
  /** Deliveries waiting for it (pending or retrying). */
  waiting: number;
}

export interface FailingNow {
  /** All destinations in one of those states; `destinations` lists the first `limit`. */
  destinationCount: number;
  destinations: FailingNowDestination[];
  retryingDeliveries: number;
  /** Failed for good, any time: what a bulk retry would pick up. */
  failedDeliveries: number;
}

export async function getFailingNow({ limit = 10 }: { limit?: number } = {}): Promise<FailingNow> {
  const [destinations, counts] = await Promise.all([
    db().$queryRaw<Array<{ id: string; name: string; reason: FailingNowDestination["reason"]; consecutive_failures: number; failing_since: Date | null; waiting: number; total: number }>>`
      SELECT t.id, t.name,
        CASE WHEN t.circuit_state = 'open' THEN 'circuit_open' WHEN t.state = 'paused' THEN 'paused' ELSE 'failing' END AS reason,
        t.consecutive_failures, t.failing_since,
        (SELECT count(*)::int FROM deliveries d WHERE d.destination_id = t.id AND d.status IN ('pending', 'retrying')) AS waiting,
        (count(*) OVER ())::int AS total
      FROM destinations t
      WHERE t.circuit_state = 'open' OR t.state = 'paused' OR t.consecutive_failures > 0
      ORDER BY (t.circuit_state = 'open') DESC, (t.state = 'paused') DESC, t.consecutive_failures DESC, t.name
      LIMIT ${limit}`,
    db().$queryRaw<Array<{ retrying: bigint; failed: bigint }>>`
      SELECT count(*) FILTER (WHERE status = 'retrying') AS retrying, count(*) FILTER (WHERE status = 'failed') AS failed
      FROM deliveries WHERE status IN ('retrying', 'failed')`,
  ]);
  return {
    destinationCount: destinations[0]?.total ?? 0,
    destinations: destinations.map((row) => ({ id: row.id, name: row.name, reason: row.reason, consecutiveFailures: row.consecutive_failures, failingSince: row.failing_since, waiting: row.waiting })),
    retryingDeliveries: Number(counts[0]?.retrying ?? 0),
    failedDeliveries: Number(counts[0]?.failed ?? 0),
  };
}
