// The worker has no HTTP port: every few seconds it writes its metrics (prom-client's JSON form) to
// metric_snapshots, one row per process, and the web process adds the rows to its own answer at
// GET /metrics. A process that stopped writing drops out after SNAPSHOT_TTL_MS, as a target that
// is gone would in Prometheus; its row is deleted by the next flush of any process.
import type { MetricObjectWithValues, MetricValue } from "prom-client";
import { db, pool } from "@/lib/db";
import { logger } from "@/lib/log";
import { instruments } from "@/lib/metrics/instruments";

const log = logger("metrics");
export const SNAPSHOT_INTERVAL_MS = 5_000;
const SNAPSHOT_TTL_MS = 10 * 60_000;

export type MetricsJson = Array<MetricObjectWithValues<MetricValue<string>>>;

// One plain statement with the snapshot as JSON text: through the Prisma client the upsert of this
// document (tens of KB of histogram buckets) held the worker's event loop long enough to show in
// bench:routing's latency tail (p95 at 200/s: ~0.5–1.2 s with it, ~0.13–0.27 s without).
const WRITE_SNAPSHOT = `
  WITH upserted AS (
    INSERT INTO metric_snapshots (instance, role, metrics, updated_at) VALUES ($1, $2, $3::jsonb, $4)
    ON CONFLICT (instance) DO UPDATE SET role = EXCLUDED.role, metrics = EXCLUDED.metrics, updated_at = EXCLUDED.updated_at
  )
  DELETE FROM metric_snapshots WHERE updated_at < $5 AND instance <> $1`;

export async function flushMetricSnapshot({ instance, role }: { instance: string; role: string }): Promise<void> {
  const metrics = await instruments().registry.getMetricsAsJSON();
  const now = new Date();
  await pool().query(WRITE_SNAPSHOT, [instance, role, JSON.stringify(metrics), now, new Date(now.getTime() - SNAPSHOT_TTL_MS)]);
}

/** Flushes now and every SNAPSHOT_INTERVAL_MS until stop(), which flushes once more. */
export function startSnapshotFlusher({ instance, role }: { instance: string; role: string }): { stop(): Promise<void> } {
  let last: Promise<void> = Promise.resolve();
  const flush = () => {
    last = last.then(() => flushMetricSnapshot({ instance, role })).catch((error: unknown) => log.warn("metrics snapshot not written; next time", { error: error instanceof Error ? error.message : String(error) }));
    return last;
  };
  const timer = setInterval(() => void flush(), SNAPSHOT_INTERVAL_MS);
  timer.unref();
  // At once too: a worker counts as running (lib/metrics/worker-presence.ts) from its start.
  void flush();
  return {
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** The snapshots of the other processes that are still writing. */
export async function loadMetricSnapshots({ except }: { except?: string }): Promise<MetricsJson[]> {
  const rows = await db().metricSnapshot.findMany({
    where: { updatedAt: { gte: new Date(Date.now() - SNAPSHOT_TTL_MS) }, ...(except ? { instance: { not: except } } : {}) },
    select: { metrics: true },
  });
  return rows.map((row) => row.metrics as unknown as MetricsJson);
}
