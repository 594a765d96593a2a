// Marks this process's metrics as its own (a `process` label: role, host and pid) and adds Node's
// process metrics (CPU, memory, event-loop lag, GC) from prom-client. GET /metrics shows every
// process's series side by side, as Prometheus would scraping each one; sum() them in queries.
import { hostname } from "node:os";
import { collectDefaultMetrics } from "prom-client";
import { instruments } from "@/lib/metrics/instruments";

const globalForProcess = globalThis as unknown as { switchyardProcessMetrics?: string };

/** This process's id in the metrics (set once; later calls return it). */
export function startProcessMetrics({ role }: { role: "web" | "worker" }): string {
  if (globalForProcess.switchyardProcessMetrics) return globalForProcess.switchyardProcessMetrics;
  const id = `${role}:${hostname()}:${process.pid}`;
  const { registry } = instruments();
  registry.setDefaultLabels({ process: id });
  collectDefaultMetrics({ register: registry, prefix: "switchyard_" });
  globalForProcess.switchyardProcessMetrics = id;
  return id;
}

export function processMetricsId(): string | undefined {
  return globalForProcess.switchyardProcessMetrics;
}
