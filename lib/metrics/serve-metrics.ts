// GET /metrics on the web port, in Prometheus' text format (prom-client renders it). Readable with
// an API token as a Bearer header; anonymous callers get 401. The answer joins this process's
// counters, the worker processes' latest snapshots and the state read from the database now.
import type { IncomingMessage, ServerResponse } from "node:http";
import { AggregatorRegistry, type Registry } from "prom-client";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { bearerToken } from "@/lib/auth/bearer-token";
import { errorAnswer, writeAnswer } from "@/lib/http/plain-answer";
import { logger } from "@/lib/log";
import { instruments } from "@/lib/metrics/instruments";
import { loadMetricSnapshots } from "@/lib/metrics/metric-snapshots";
import { processMetricsId, startProcessMetrics } from "@/lib/metrics/process-metrics";
import { stateGauges } from "@/lib/metrics/state-gauges";

const log = logger("metrics");
const METRICS_PATH = /^\/metrics(?:[?#]|$)/;

export function isMetricsPath(url: string | undefined): boolean {
  return url !== undefined && METRICS_PATH.test(url);
}

/** Everything /metrics shows, as Prometheus text. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const own = processMetricsId() ?? startProcessMetrics({ role: "web" });
  const { registry } = instruments();
  const [mine, others, state] = await Promise.all([registry.getMetricsAsJSON(), loadMetricSnapshots({ except: own }), stateGauges()]);
  const merged: Registry = AggregatorRegistry.aggregate([mine, ...others, await state.getMetricsAsJSON()]);
  return { contentType: registry.contentType, body: await merged.metrics() };
}

export async function serveMetrics(request: IncomingMessage, response: ServerResponse): Promise<void> {
  request.resume();
  if (request.method !== "GET" && request.method !== "HEAD") return writeAnswer(response, errorAnswer(405, "method_not_allowed", "GET /metrics.", { Allow: "GET, HEAD" }));
  const token = bearerToken(request.headers.authorization ?? null);
  // Any API token, or a scrape token (which opens this and nothing else).
  const caller = token === null ? null : await authenticateApiToken({ token, kinds: ["api", "scrape"] });
  if (!caller) return writeAnswer(response, errorAnswer(401, "unauthorized", "Send an API token: Authorization: Bearer swy_…", { "WWW-Authenticate": 'Bearer realm="Switchyard metrics"' }));
  try {
    const { contentType, body } = await renderMetrics();
    response.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
    response.end(request.method === "HEAD" ? undefined : body);
  } catch (error) {
    log.error("metrics could not be read", { error });
    writeAnswer(response, errorAnswer(503, "temporarily_unavailable", "Metrics cannot be read right now (is the database available?).", { "Retry-After": "10" }));
  }
}
