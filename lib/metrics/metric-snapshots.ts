// The worker has no HTTP port: every few seconds it writes its metrics (prom-client's JSON form) to
// metric_snapshots, one row per process, and the web process adds the rows to its own answer at
// GET /metrics. A process that stopped writing drops out after SNAPSHOT_TTL_MS, as a target that
// is gone would in Prometheus; its row is deleted by the next flush of any process.
import type { MetricObjectWithValues, MetricValue } from "prom-client";
import { db } from "@/lib/db";
import { toInputJson } from "@/lib/db-json";
import { logger } from "@/lib/log";
import { instruments } from "@/lib/metrics/instruments";

const log = logger("metrics");
export const SNAPSHOT_INTERVAL_MS = 5_000;
const SNAPSHOT_TTL_MS = 10 * 60_000;

export type MetricsJson = Array<MetricObjectWithValues<MetricValue<string>>>;

export async function flushMetricSnapshot({ instance, role }: { instance: string; role: string }): Promise<void> {
  const metrics = await instruments().registry.getMetricsAsJSON();
  const now = new Date();
  await db().metricSnapshot.upsert({
    where: { instance },
    create: { instance, role, metrics: toInputJson(metrics), updatedAt: now },
    update: { metrics: toInputJson(metrics), updatedAt: now },
  });
  await db().metricSnapshot.deleteMany({ where: { updatedAt: { lt: new Date(now.getTime() - SNAPSHOT_TTL_MS) } } });
}

/** Flushes every SNAPSHOT_INTERVAL_MS until stop(), which flushes once more. */
export function startSnapshotFlusher({ instance, role }: { instance: string; role: string }): { stop(): Promise<void> } {
  let last: Promise<void> = Promise.resolve();
  const flush = () => {
    last = last.then(() => flushMetricSnapshot({ instance, role })).catch((error: unknown) => log.warn("metrics snapshot not written; next time", { error: error instanceof Error ? error.message : String(error) }));
    return last;
  };
  const timer = setInterval(() => void flush(), SNAPSHOT_INTERVAL_MS);
  timer.unref();
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
