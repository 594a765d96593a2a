// Whether a worker is running, wherever it runs, as the database sees it: every worker process
// writes its metrics snapshot every SNAPSHOT_INTERVAL_MS (lib/metrics/metric-snapshots.ts). One not
// heard from for WORKER_SILENT_AFTER_MS is not counted: it stopped, hangs, or cannot reach the
// database. Without a worker, webhooks are still received and stored, but nothing is routed or
// delivered; the launcher restarts its own worker, and this is how a web process started on its own
// (or an operator) learns that no worker anywhere is doing the work.
import { db } from "@/lib/db";
import { SNAPSHOT_INTERVAL_MS } from "@/lib/metrics/metric-snapshots";

/** Six missed snapshots: a worker busy with a burst still writes one within this. */
export const WORKER_SILENT_AFTER_MS = 6 * SNAPSHOT_INTERVAL_MS;

export interface WorkerPresence {
  /** Worker processes heard from within WORKER_SILENT_AFTER_MS. */
  running: number;
  /**
   * When a worker was last heard from; null when no worker's snapshot is there (none ever ran: a
   * worker's flush deletes the others' older than 10 minutes, so one always leaves its own).
   */
  lastSeenAt: Date | null;
}

// Compared with the clock of the process that asks: the snapshots carry their writers' clocks, and
// 30 s is far above what NTP leaves between machines.
export async function getWorkerPresence(now = new Date()): Promise<WorkerPresence> {
  const [row] = await db().$queryRaw<Array<{ running: number; last_seen_at: Date | null }>>`
    SELECT count(*) FILTER (WHERE updated_at >= ${new Date(now.getTime() - WORKER_SILENT_AFTER_MS)})::int AS running, max(updated_at) AS last_seen_at
    FROM metric_snapshots WHERE role = 'worker'`;
  return { running: row?.running ?? 0, lastSeenAt: row?.last_seen_at ?? null };
}
