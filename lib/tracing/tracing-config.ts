// What tracing needs from the validated configuration (lib/env.ts): off unless an OTLP endpoint is
// set (and neither OTEL_SDK_DISABLED nor OTEL_TRACES_EXPORTER=none says otherwise); the traces URL
// as the OpenTelemetry spec derives it; the headers decoded. Pure, so it is tested as a table.
import type { Env } from "@/lib/env";

export type SamplerName = Env["OTEL_TRACES_SAMPLER"];

export interface TracingConfig {
  url: string;
  /** Secrets, often: never logged. */
  headers: Record<string, string>;
  protocol: "http/protobuf" | "http/json";
  timeoutMs: number;
  serviceName: string;
  sampler: SamplerName;
  /** The ratio of traceidratio samplers (default 1). */
  samplerRatio: number;
}

type TracingEnv = Pick<
  Env,
  | "OTEL_EXPORTER_OTLP_ENDPOINT"
  | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
  | "OTEL_EXPORTER_OTLP_HEADERS"
  | "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
  | "OTEL_EXPORTER_OTLP_PROTOCOL"
  | "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
  | "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
  | "OTEL_SERVICE_NAME"
  | "OTEL_TRACES_SAMPLER"
  | "OTEL_TRACES_SAMPLER_ARG"
  | "OTEL_SDK_DISABLED"
  | "OTEL_TRACES_EXPORTER"
>;

/** "a=1,b=x%20y" → { a: "1", b: "x y" } (lib/env.ts has checked the shape). */
export function parseOtlpHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const equals = pair.indexOf("=");
    if (equals <= 0) continue;
    headers[pair.slice(0, equals).trim().toLowerCase()] = decodeURIComponent(pair.slice(equals + 1).trim());
  }
  return headers;
}

/** The traces endpoint: the traces variable as is, or the base URL with /v1/traces (spec). */
export function tracesUrl(env: Pick<TracingEnv, "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT">): string | null {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
  return null;
}

/** Null when tracing is off. */
export function tracingConfig(env: TracingEnv): TracingConfig | null {
  if (env.OTEL_SDK_DISABLED || env.OTEL_TRACES_EXPORTER === "none") return null;
  const url = tracesUrl(env);
  if (url === null) return null;
  return {
    url,
    // Signal-specific headers add to (and override) the general ones, as the spec says.
    headers: { ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) },
    protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf",
    timeoutMs: env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT,
    serviceName: env.OTEL_SERVICE_NAME,
    sampler: env.OTEL_TRACES_SAMPLER,
    samplerRatio: env.OTEL_TRACES_SAMPLER_ARG ?? 1,
  };
}

/** Where traces go, for logs: scheme, host and path only (no credentials, no query). */
export function describeEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
