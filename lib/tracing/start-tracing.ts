// Turns tracing on for this process when the configuration asks for it (lib/env.ts, the standard
// OTEL_* variables), loading the OpenTelemetry SDK only then: with tracing off this imports nothing
// of it. stop() exports what is buffered, within a bound, for shutdown on SIGTERM.
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { setPipelineTracer } from "@/lib/tracing/pipeline-tracer";
import { describeEndpoint, tracingConfig, type TracingConfig } from "@/lib/tracing/tracing-config";

const log = logger("tracing");
/** What shutdown waits at most for the last spans to be exported. */
const FLUSH_ON_STOP_MS = 3_000;

export interface Tracing {
  enabled: boolean;
  stop(): Promise<void>;
}

/** `role` names the process in the spans' resource (web, worker, bench…). */
export async function startTracing({ role, config = tracingConfig(env()) }: { role: string; config?: TracingConfig | null }): Promise<Tracing> {
  if (!config) return { enabled: false, stop: () => Promise.resolve() };
  const { createOtelTracer } = await import("@/lib/tracing/otel-tracer");
  const tracer = createOtelTracer({ config, role });
  setPipelineTracer(tracer);
  log.info("tracing on: exporting traces over OTLP", { endpoint: describeEndpoint(config.url), protocol: config.protocol, sampler: config.sampler, service: config.serviceName });
  return {
    enabled: true,
    async stop() {
      setPipelineTracer(null);
      await tracer.shutdown(FLUSH_ON_STOP_MS);
    },
  };
}
