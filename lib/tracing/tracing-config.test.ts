import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";
import { describeEndpoint, parseOtlpHeaders, tracesUrl, tracingConfig } from "@/lib/tracing/tracing-config";

const base = {
  DATABASE_URL: "postgres://u:p@localhost:5432/switchyard",
  AUTH_SECRET: "x".repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("tracingConfig", () => {
  it("is off by default", () => {
    expect(tracingConfig(parseEnv(base))).toBeNull();
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }, "http://collector:4318/v1/traces"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }, "http://collector:4318/v1/traces"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com/otlp" }, "https://otlp.example.com/otlp/v1/traces"],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://jaeger:4318/v1/traces" }, "http://jaeger:4318/v1/traces"],
    // The signal's own endpoint is used as it is, and wins over the base URL.
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://b:9999/custom" }, "http://b:9999/custom"],
  ])("derives the traces URL from %j", (variables, url) => {
    expect(tracesUrl(parseEnv({ ...base, ...variables }))).toBe(url);
    expect(tracingConfig(parseEnv({ ...base, ...variables }))?.url).toBe(url);
  });

  it("takes the spec's defaults", () => {
    expect(tracingConfig(parseEnv({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }))).toEqual({
      url: "http://collector:4318/v1/traces",
      headers: {},
      protocol: "http/protobuf",
      timeoutMs: 5000,
      serviceName: "switchyard",
      sampler: "parentbased_always_on",
      samplerRatio: 1,
    });
  });

  it("reads protocol, service name, sampler and headers (the traces headers over the general ones)", () => {
    const config = tracingConfig(
      parseEnv({
        ...base,
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_SERVICE_NAME: "hooks-eu",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
        OTEL_EXPORTER_OTLP_HEADERS: "api-key=general,x-tenant=acme",
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: "API-Key=traces%20only",
      }),
    );
    expect(config).toMatchObject({ protocol: "http/json", serviceName: "hooks-eu", sampler: "parentbased_traceidratio", samplerRatio: 0.25, headers: { "api-key": "traces only", "x-tenant": "acme" } });
  });

  it.each([{ OTEL_SDK_DISABLED: "true" }, { OTEL_TRACES_EXPORTER: "none" }])("is off with %j whatever the endpoint", (switchOff) => {
    expect(tracingConfig(parseEnv({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", ...switchOff }))).toBeNull();
  });
});

describe("OTEL_* validation", () => {
  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be a collector's OTLP\/HTTP base URL/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "grpc://x" }, /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be a collector's OTLP\/HTTP traces URL/],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, /^OTEL_EXPORTER_OTLP_PROTOCOL must be "http\/protobuf" or "http\/json".*gRPC is not supported/],
    [{ OTEL_TRACES_SAMPLER: "sometimes" }, /^OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio/],
    [{ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "2" }, /^OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1/],
    [{ OTEL_TRACES_SAMPLER_ARG: "0.5" }, /^OTEL_TRACES_SAMPLER_ARG is a ratio for traceidratio or parentbased_traceidratio; OTEL_TRACES_SAMPLER is parentbased_always_on/],
    [{ OTEL_TRACES_EXPORTER: "zipkin" }, /^OTEL_TRACES_EXPORTER must be "otlp" or "none"/],
    [{ OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: "0" }, /^OTEL_EXPORTER_OTLP_TRACES_TIMEOUT must be a whole number of milliseconds from 100 to 60000/],
  ])("refuses %j with a message naming the variable", (variables, message) => {
    expect(problems({ ...base, ...variables })).toEqual([expect.stringMatching(message)]);
  });

  it("refuses malformed headers without repeating their values (they are secrets)", () => {
    const secret = "s3cr3t-value-%zz";
    const found = problems({ ...base, OTEL_EXPORTER_OTLP_HEADERS: `x-ok=1,api-key=${secret}` });
    expect(found).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of name=value pairs.*\(entry 2 is not\)$/)]);
    expect(found.join("\n")).not.toContain("s3cr3t");
    expect(problems({ ...base, OTEL_EXPORTER_OTLP_TRACES_HEADERS: "no-equals-sign" })).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_TRACES_HEADERS must be/)]);
    expect(problems({ ...base, OTEL_EXPORTER_OTLP_HEADERS: "bad name=1" })).toHaveLength(1);
  });
});

describe("parseOtlpHeaders", () => {
  it("decodes percent-encoded values and keeps '=' inside them", () => {
    expect(parseOtlpHeaders("Authorization=Basic%20dXNlcjpwYXNz,x-a=b=c, x-space = v ")).toEqual({ authorization: "Basic dXNlcjpwYXNz", "x-a": "b=c", "x-space": "v" });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });
});

describe("describeEndpoint", () => {
  it("keeps credentials and the query out of logs", () => {
    expect(describeEndpoint("https://user:pass@otlp.example.com:4318/v1/traces?token=abc")).toBe("https://otlp.example.com:4318/v1/traces");
  });
});
