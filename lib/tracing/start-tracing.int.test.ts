// Stopping tracing (SIGTERM's path in web and worker) exports what is still buffered, rather than
// waiting for the next scheduled export that would never come; a stopped tracer is off again.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startOtlpCollector, type OtlpCollector } from "@/lib/testing/otlp-collector";
import { pipelineTracer } from "@/lib/tracing/pipeline-tracer";
import { startTracing } from "@/lib/tracing/start-tracing";

let collector: OtlpCollector;

beforeAll(async () => {
  collector = await startOtlpCollector();
});

afterAll(async () => {
  await collector.close();
});

it("flushes buffered spans when stopped, then is off", async () => {
  const tracing = await startTracing({
    role: "test",
    config: { url: `${collector.url}/v1/traces`, headers: {}, protocol: "http/json", timeoutMs: 2000, serviceName: "switchyard-flush-test", sampler: "always_on", samplerRatio: 1 },
  });
  expect(tracing.enabled).toBe(true);
  const span = pipelineTracer()!.startReceive({ method: "POST", headers: new Headers() });
  span.setSource("00000000-0000-4000-8000-000000000001");
  const traceParent = span.traceParent();
  expect(traceParent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  span.end({ status: 200, outcome: "stored", eventId: "00000000-0000-4000-8000-000000000002" });
  expect(collector.spans).toEqual([]);

  await tracing.stop();
  expect(collector.spans).toHaveLength(1);
  expect(collector.spans[0]).toMatchObject({ spanId: traceParent!.split("-")[2], resource: { "service.name": "switchyard-flush-test", "switchyard.process": "test" } });
  expect(pipelineTracer()).toBeNull();
});

it("stores no context for an event its sampler leaves out", async () => {
  const tracing = await startTracing({
    role: "test",
    config: { url: `${collector.url}/v1/traces`, headers: {}, protocol: "http/json", timeoutMs: 2000, serviceName: "switchyard-sampler-test", sampler: "parentbased_traceidratio", samplerRatio: 0 },
  });
  const span = pipelineTracer()!.startReceive({ method: "POST", headers: new Headers({ traceparent: `00-${"a".repeat(32)}-${"b".repeat(16)}-01` }) });
  // A sender's sampled flag does not decide: its context is only a link.
  expect(span.traceParent()).toBeNull();
  span.end({ status: 200, outcome: "stored" });
  await tracing.stop();
  expect(collector.spans.filter((collected) => collected.resource["service.name"] === "switchyard-sampler-test")).toEqual([]);
});
