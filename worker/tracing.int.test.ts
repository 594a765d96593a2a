// OpenTelemetry traces as production runs them: the receiver on the real web server in this
// process, the worker in a process of its own, both exporting over OTLP/HTTP to a real receiving
// endpoint (lib/testing/otlp-collector.ts), and a real destination. One trace per event, across
// both processes (the context travels through the database), and a collector in trouble never
// holds up ingest or delivery.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { createInbox } from "@/lib/inboxes/create-inbox";
import { leaseMessages } from "@/lib/inboxes/lease-messages";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestSource, eventually, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import { SPAN_KIND, startOtlpCollector, type CollectedSpan, type OtlpCollector } from "@/lib/testing/otlp-collector";
import { productEnv, startProductProcess, type ProductProcess } from "@/lib/testing/product-processes";
import { startWebServer } from "@/lib/testing/start-web-server";
import { startTracing, type Tracing } from "@/lib/tracing/start-tracing";

const COLLECTOR_SECRET = `secret-${randomBytes(8).toString("hex")}`;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

let collector: OtlpCollector;
let sink: Sink;
let web: Awaited<ReturnType<typeof startWebServer>>;
let tracing: Tracing;
let worker: ProductProcess;

beforeAll(async () => {
  collector = await startOtlpCollector();
  sink = await startSink();
  tracing = await startTracing({
    role: "web",
    config: { url: `${collector.url}/v1/traces`, headers: { authorization: `Bearer ${COLLECTOR_SECRET}` }, protocol: "http/json", timeoutMs: 2000, serviceName: "switchyard-web-test", sampler: "parentbased_always_on", samplerRatio: 1 },
  });
  web = await startWebServer();
  const { DATABASE_URL = "", AUTH_SECRET = "", ENCRYPTION_KEY = "" } = process.env;
  worker = startProductProcess({
    script: "worker/index.ts",
    env: await productEnv({
      DATABASE_URL,
      AUTH_SECRET,
      ENCRYPTION_KEY,
      SWITCHYARD_DATABASE_PREPARED: "1",
      ADMIN_EMAIL: "",
      ADMIN_PASSWORD: "",
      BOOTSTRAP_API_TOKEN: "",
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // The worker exports in the default protocol (http/protobuf), the receiver here in http/json.
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${COLLECTOR_SECRET}`,
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: "2000",
      OTEL_SERVICE_NAME: "switchyard-worker-test",
    }),
  });
});

afterAll(async () => {
  await worker.stop();
  await tracing.stop();
  await web.close();
  await sink.close();
  await collector.close();
  await stopSender();
  await disconnectDb();
});

async function post(key: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; eventId?: string }> {
  const response = await fetch(`http://127.0.0.1:${web.port}/in/${key}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, ...((await response.json()) as { eventId?: string }) };
}

/** A source forwarding everything to a new destination on the sink (and to `alsoTo`). */
async function forwardingSource(alsoTo: string[] = []) {
  const source = await createTestSource();
  const destination = await createTestDestination({ url: `${sink.url}/${randomUUID()}` });
  await createRule({
    sourceId: source.id,
    input: { name: "all", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id, ...alsoTo] }] },
    actor: TEST_ACTOR,
  });
  return { source, destination };
}

function spanWhere(predicate: (span: CollectedSpan) => boolean): CollectedSpan | false {
  return collector.spans.find(predicate) ?? false;
}

describe("tracing on", () => {
  it("gives each event one trace: receive → route → each attempt, with the traceparent sent to the destination", async () => {
    const inbox = await createInbox({ input: { name: uniqueName("traced inbox") }, actor: TEST_ACTOR });
    const { source, destination } = await forwardingSource([inbox.inbox.id]);
    // The provider sent a trace context of its own: linked, not continued.
    const senderTraceId = randomBytes(16).toString("hex");
    const senderSpanId = randomBytes(8).toString("hex");
    const answer = await post(source.key, { hello: "traces" }, { traceparent: `00-${senderTraceId}-${senderSpanId}-01` });
    expect(answer.status).toBe(200);
    const eventId = answer.eventId!;

    const delivered = await eventually(() => sink.requests.find((request) => request.url === new URL(destination.url).pathname), { timeoutMs: 20_000 });
    const attempt = await eventually(() => spanWhere((span) => span.kind === SPAN_KIND.client && span.attributes["switchyard.destination.id"] === destination.id), { timeoutMs: 20_000 });
    const receive = spanWhere((span) => span.attributes["switchyard.event.id"] === eventId && span.kind === SPAN_KIND.server);
    const routing = spanWhere((span) => span.attributes["switchyard.event.id"] === eventId && span.name === "route event");
    if (!receive || !routing) throw new Error(`spans missing: ${JSON.stringify(collector.spans.map((span) => span.name))}`);

    // One trace, parent to child: receive (root, web) → route (worker) → attempt (worker).
    expect(receive.parentSpanId).toBe("");
    expect(routing.traceId).toBe(receive.traceId);
    expect(routing.parentSpanId).toBe(receive.spanId);
    expect(attempt.traceId).toBe(receive.traceId);
    expect(attempt.parentSpanId).toBe(routing.spanId);
    expect(
      collector.spans
        .filter((span) => span.traceId === receive.traceId)
        .map((span) => span.spanId)
        .sort(),
    ).toEqual([receive.spanId, routing.spanId, attempt.spanId].sort());
    expect(receive.resource["service.name"]).toBe("switchyard-web-test");
    expect(routing.resource["service.name"]).toBe("switchyard-worker-test");
    expect([receive.encoding, routing.encoding, attempt.encoding]).toEqual(["json", "protobuf", "protobuf"]);

    // The destination saw the attempt span's context.
    const sent = TRACEPARENT.exec(String(delivered.headers.traceparent));
    expect(sent?.[1]).toBe(receive.traceId);
    expect(sent?.[2]).toBe(attempt.spanId);

    // The sender's context is a link of the receive span, and not its trace.
    expect(receive.traceId).not.toBe(senderTraceId);
    expect(receive.links).toEqual([{ traceId: senderTraceId, spanId: senderSpanId, attributes: { "switchyard.link": "sender" } }]);

    expect(receive.name).toBe("POST /in/{key}");
    expect(receive.attributes).toMatchObject({ "http.request.method": "POST", "http.route": "/in/{key}", "http.response.status_code": 200, "switchyard.source.id": source.id, "switchyard.ingest.outcome": "stored" });
    expect(routing.kind).toBe(SPAN_KIND.consumer);
    expect(routing.attributes).toMatchObject({ "switchyard.source.id": source.id, "switchyard.routing.outcome": "routed", "switchyard.routing.trigger": "received" });
    expect(routing.attributes["switchyard.routing.destination_ids"]).toEqual([destination.id, inbox.inbox.id]);
    expect(routing.attributes["switchyard.routing.inbox_destination_ids"]).toEqual([inbox.inbox.id]);
    expect((routing.attributes["switchyard.routing.matched_rule_ids"] as string[]).length).toBe(1);
    expect(attempt.name).toBe("POST");
    expect(attempt.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.response.status_code": 200,
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(sink.url).port),
      "url.scheme": "http",
      "switchyard.attempt.outcome": "success",
      "switchyard.delivery.status": "succeeded",
    });
    // The URL's path is not recorded: a destination's path can be its secret.
    expect(JSON.stringify(attempt.attributes)).not.toContain(new URL(destination.url).pathname);

    // The context is stored where the other process reads it.
    const event = await db().event.findUniqueOrThrow({ where: { id: eventId }, select: { traceParent: true } });
    expect(event.traceParent).toBe(`00-${receive.traceId}-${receive.spanId}-01`);
    // An agent leasing the inbox's message shows in the trace too, under the routing span.
    const [message] = await leaseMessages({ inboxId: inbox.inbox.id, max: 10 });
    expect(message).toBeDefined();
    // The context is not part of the message (its body is what routing made of the event).
    expect(message!.body).not.toContain(receive.traceId);
    const lease = await eventually(() => spanWhere((span) => span.name === "inbox lease" && span.attributes["switchyard.inbox.message.id"] === message!.id), { timeoutMs: 10_000 });
    expect(lease.traceId).toBe(receive.traceId);
    expect(lease.parentSpanId).toBe(routing.spanId);
    expect(lease.attributes).toMatchObject({ "switchyard.destination.id": inbox.inbox.id, "switchyard.inbox.attempt": 1, "switchyard.inbox.resumed": false });

    // The exporters sent the configured headers (secrets, never logged).
    expect(collector.requests.some((headers) => headers.authorization === `Bearer ${COLLECTOR_SECRET}`)).toBe(true);
  });

  it("traces every attempt of a retried delivery as a child of the same routing span", async () => {
    const { source, destination } = await forwardingSource();
    await db().destination.update({ where: { id: destination.id }, data: { retrySchedule: [1] } });
    const path = new URL(destination.url).pathname;
    sink.reply = (request) => (request.url === path && sink.requests.filter((seen) => seen.url === path).length === 1 ? { status: 503 } : {});
    const answer = await post(source.key, { retry: true });
    expect(answer.status).toBe(200);
    const attempts = await eventually(
      () => {
        const found = collector.spans.filter((span) => span.kind === SPAN_KIND.client && span.attributes["switchyard.destination.id"] === destination.id);
        return found.length === 2 ? found : null;
      },
      { timeoutMs: 20_000 },
    );
    sink.reply = () => ({});
    const [first, second] = [...attempts].sort((a, b) => Number(a.attributes["http.request.resend_count"] ?? 0) - Number(b.attributes["http.request.resend_count"] ?? 0));
    expect(first!.parentSpanId).toBe(second!.parentSpanId);
    expect(first!.traceId).toBe(second!.traceId);
    expect(first!.attributes).toMatchObject({ "http.response.status_code": 503, "error.type": "503", "switchyard.delivery.status": "retrying", "switchyard.attempt.outcome": "failure" });
    expect(first!.statusCode).toBe(2);
    expect(second!.attributes).toMatchObject({ "http.response.status_code": 200, "http.request.resend_count": 1, "switchyard.delivery.status": "succeeded" });
    // Each request carried its own attempt's context.
    const sent = sink.requests.filter((request) => request.url === path).map((request) => TRACEPARENT.exec(String(request.headers.traceparent))?.[2]);
    expect(new Set(sent)).toEqual(new Set([first!.spanId, second!.spanId]));
  });

  it("traces a refused request too, with why", async () => {
    const guarded = await createTestSource({ scheme: "github" });
    expect((await post(guarded.key, { unsigned: true })).status).toBe(401);
    const receive = await eventually(() => spanWhere((span) => span.attributes["switchyard.source.id"] === guarded.id), { timeoutMs: 10_000 });
    expect(receive.attributes).toMatchObject({ "http.response.status_code": 401, "switchyard.ingest.outcome": "refused", "switchyard.refusal.reason": "signature_missing" });
    expect(receive.attributes["switchyard.event.id"]).toBeUndefined();
    // A refusal is a correct answer: the server span is not an error.
    expect(receive.statusCode).not.toBe(2);
  });

  it("keeps receiving and delivering while the collector stalls, then while it is down; failures are logged without the headers", async () => {
    const { source, destination } = await forwardingSource();
    const path = new URL(destination.url).pathname;
    collector.stalled = true;
    const stalledAnswer = await post(source.key, { while: "stalled" });
    expect(stalledAnswer.status).toBe(200);
    await eventually(() => sink.requests.some((request) => request.url === path), { timeoutMs: 20_000 });

    await collector.close();
    const downAnswers = await Promise.all(Array.from({ length: 5 }, (_, n) => post(source.key, { while: "down", n })));
    expect(downAnswers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    await eventually(() => sink.requests.filter((request) => request.url === path).length === 6, { timeoutMs: 20_000 });
    // Still traced: the context goes out whatever becomes of the spans.
    expect(sink.requests.filter((request) => request.url === path).every((request) => TRACEPARENT.test(String(request.headers.traceparent)))).toBe(true);
    // Recorded once each request's transaction commits.
    await eventually(async () => (await db().delivery.count({ where: { destinationId: destination.id, status: "succeeded" } })) === 6, { timeoutMs: 20_000 });

    // The worker says so (structured, once in a while), and never prints the collector's secret.
    await eventually(() => worker.output().includes("exporting traces failed"), { timeoutMs: 20_000 });
    const line = worker.output().split("\n").find((text) => text.includes("exporting traces failed"))!;
    expect(JSON.parse(line)).toMatchObject({ level: "warn", scope: "tracing", endpoint: `${collector.url}/v1/traces` });
    expect(worker.output()).not.toContain(COLLECTOR_SECRET);
  });
});
