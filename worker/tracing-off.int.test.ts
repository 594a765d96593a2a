// Tracing off, the default: no OTEL_* endpoint in the web process (this one) nor in the worker (a
// process of its own). A collector listens all the same: nothing reaches it, no event or delivery
// keeps a trace context, and no destination is sent a traceparent.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestSource, eventually, TEST_ACTOR } from "@/lib/testing/factories";
import { startOtlpCollector, type OtlpCollector } from "@/lib/testing/otlp-collector";
import { productEnv, startProductProcess, type ProductProcess } from "@/lib/testing/product-processes";
import { startWebServer } from "@/lib/testing/start-web-server";
import { pipelineTracer } from "@/lib/tracing/pipeline-tracer";
import { startTracing } from "@/lib/tracing/start-tracing";
import { tracingConfig } from "@/lib/tracing/tracing-config";
import { parseEnv } from "@/lib/env";

let collector: OtlpCollector;
let sink: Sink;
let web: Awaited<ReturnType<typeof startWebServer>>;
let worker: ProductProcess;

beforeAll(async () => {
  collector = await startOtlpCollector();
  sink = await startSink();
  web = await startWebServer();
  const { DATABASE_URL = "", AUTH_SECRET = "", ENCRYPTION_KEY = "" } = process.env;
  const env = await productEnv({ DATABASE_URL, AUTH_SECRET, ENCRYPTION_KEY, SWITCHYARD_DATABASE_PREPARED: "1", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", BOOTSTRAP_API_TOKEN: "", LOG_LEVEL: "info" });
  for (const name of Object.keys(env)) if (name.startsWith("OTEL_")) delete env[name];
  worker = startProductProcess({ script: "worker/index.ts", env });
});

afterAll(async () => {
  await worker.stop();
  await web.close();
  await sink.close();
  await collector.close();
  await stopSender();
  await disconnectDb();
});

it("is off unless an endpoint is configured, and then sends and stores no trace context", async () => {
  // The configuration this process runs with has no endpoint: starting tracing is a no-op.
  expect(tracingConfig(parseEnv(process.env))).toBeNull();
  expect((await startTracing({ role: "web" })).enabled).toBe(false);
  expect(pipelineTracer()).toBeNull();

  const source = await createTestSource();
  const destination = await createTestDestination({ url: `${sink.url}/${randomUUID()}` });
  await createRule({ sourceId: source.id, input: { name: "all", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] }, actor: TEST_ACTOR });
  const senderTraceparent = `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`;
  const response = await fetch(`http://127.0.0.1:${web.port}/in/${source.key}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ off: true }) });
  expect(response.status).toBe(200);
  const { eventId } = (await response.json()) as { eventId: string };
  // A sender's own traceparent is not passed on either.
  const withSenderContext = await fetch(`http://127.0.0.1:${web.port}/in/${source.key}`, { method: "POST", headers: { "content-type": "application/json", traceparent: senderTraceparent }, body: JSON.stringify({ off: "sender" }) });
  expect(withSenderContext.status).toBe(200);

  const path = new URL(destination.url).pathname;
  const delivered = await eventually(() => {
    const requests = sink.requests.filter((request) => request.url === path);
    return requests.length === 2 ? requests : null;
  }, { timeoutMs: 20_000 });
  for (const request of delivered) {
    expect(request.headers.traceparent).toBeUndefined();
    expect(request.headers.tracestate).toBeUndefined();
  }
  expect((await db().event.findUniqueOrThrow({ where: { id: eventId }, select: { traceParent: true } })).traceParent).toBeNull();
  expect(await db().delivery.count({ where: { destinationId: destination.id, traceParent: { not: null } } })).toBe(0);
  // The worker says at start when tracing is on; it did not.
  expect(worker.output()).toContain("worker started");
  expect(worker.output()).not.toContain('"scope":"tracing"');
  expect(collector.requests).toEqual([]);
});
