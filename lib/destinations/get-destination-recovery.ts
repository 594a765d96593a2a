// Is a destination healthy again while deliveries that failed on it wait? Active (not paused), its
// circuit closed, and either its latest delivery attempt succeeded (consecutive_failures is reset
// by a 2xx) or a test delivery succeeded since it began failing. Then its failed deliveries are
// worth one bulk retry, which the destination page offers in a banner.
import { pool } from "@/lib/db";
import type { DestinationRecoveryView } from "@/lib/destinations/schema";
import { isUuid } from "@/lib/ids";

export async function getDestinationRecovery({ id }: { id: string }): Promise<DestinationRecoveryView | null> {
  if (!isUuid(id)) return null;
  const { rows } = await pool().query<{
    state: string;
    circuit_state: string;
    consecutive_failures: number;
    failing_since: Date | null;
    failed: number;
    waiting: number;
    test_ok: boolean | null;
    test_at: Date | null;
  }>(
    `SELECT t.state::text AS state, t.circuit_state::text AS circuit_state, t.consecutive_failures, t.failing_since,
            (SELECT count(*)::int FROM deliveries d WHERE d.destination_id = t.id AND d.status = 'failed') AS failed,
            (SELECT count(*)::int FROM deliveries d WHERE d.destination_id = t.id AND d.status IN ('pending', 'retrying')) AS waiting,
            x.error_class IS NULL AND x.id IS NOT NULL AS test_ok, x.started_at AS test_at
     FROM destinations t
     LEFT JOIN LATERAL (
       SELECT id, error_class, started_at FROM destination_test_deliveries WHERE destination_id = t.id ORDER BY started_at DESC, id DESC LIMIT 1
     ) x ON true
     WHERE t.id = $1::uuid`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const usable = row.state === "active" && row.circuit_state === "closed";
  const evidence =
    row.consecutive_failures === 0
      ? "attempt_succeeded"
      : row.test_ok && row.test_at && (!row.failing_since || row.test_at > row.failing_since)
        ? "test_succeeded"
        : null;
  const healthyAgain = row.failed > 0 && usable && evidence !== null;
  return { failed: row.failed, waiting: row.waiting, healthyAgain, evidence: healthyAgain ? evidence : null };
}
