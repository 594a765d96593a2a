// The circuit breaker's safety net, run every minute (the `circuit-sweep` job): a probe job for each
// active destination whose circuit is open and whose probe is overdue by more than `graceSeconds`.
// Every change that leaves a circuit open sends its probe job in the same transaction, so this only
// finds circuits left without one: those the migration opened (formerly paused automatically), or
// a probe job that ran out of retries while the database was unreachable. A duplicate job is
// harmless (the probe's due check and lock make it a no-op).
import { pool } from "@/lib/db";
import { logger } from "@/lib/log";
import { jobs, sender } from "@/lib/queue";

const log = logger("circuit");

export async function sweepCircuits({ graceSeconds = 30 }: { graceSeconds?: number } = {}): Promise<{ probesSent: number }> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id FROM destinations
     WHERE state = 'active' AND circuit_state = 'open'
       AND (circuit_next_probe_at IS NULL OR circuit_next_probe_at < now() - $1::float8 * interval '1 second')`,
    [graceSeconds],
  );
  if (rows.length === 0) return { probesSent: 0 };
  const boss = await sender();
  // A probe that finds circuit_next_probe_at null would never be due: make it due now.
  await pool().query(`UPDATE destinations SET circuit_next_probe_at = now() WHERE id = ANY($1::uuid[]) AND circuit_state = 'open' AND circuit_next_probe_at IS NULL`, [
    rows.map((row) => row.id),
  ]);
  await boss.insert(
    "probe-destination",
    rows.map((row) => ({ data: jobs["probe-destination"].payload.parse({ destinationId: row.id }) })),
  );
  log.warn("sent probes for open circuits that had none due", { destinations: rows.map((row) => row.id) });
  return { probesSent: rows.length };
}
