import { Webhook } from "standardwebhooks";
import { version as uuidVersion } from "uuid";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { attemptDelivery, GONE_REASON } from "@/lib/pipeline/dispatch/attempt-delivery";
import type { CircuitChange } from "@/lib/pipeline/dispatch/attempt-delivery";
import { DEFAULT_CIRCUIT_POLICY, type CircuitPolicy } from "@/lib/destinations/circuit-policy";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, failUntilOpen, startSink, TEST_CIRCUIT_POLICY, type Sink } from "@/lib/testing/delivery-fixtures";
import { eventually, TEST_ACTOR } from "@/lib/testing/factories";

const sinks: Sink[] = [];

async function sink(reply?: Sink["reply"]): Promise<Sink> {
  const started = await startSink(reply);
  sinks.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

async function deliveryRow(id: string) {
  return db().delivery.findUniqueOrThrow({ where: { id } });
}

async function destinationRow(id: string) {
  return db().destination.findUniqueOrThrow({ where: { id } });
}

async function attemptsOf(deliveryId: string) {
  return db().deliveryAttempt.findMany({ where: { deliveryId }, orderBy: { number: "asc" } });
}

async function jobsOf(deliveryId: string) {
  return db().$queryRaw<Array<{ state: string; start_after: Date }>>`
    SELECT state::text AS state, start_after FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${deliveryId} ORDER BY created_on`;
}

/** Makes a retrying delivery due now, as if its wait had passed. */
async function makeDue(id: string) {
  await db().delivery.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
}

function headerRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
}

describe("attemptDelivery: outcomes", () => {
  it("delivers, signs verifiably, records the attempt and marks the delivery succeeded", async () => {
    const target = await sink(() => ({ status: 202, headers: { "set-cookie": "session=abc", "x-request-id": "r1" }, body: '{"ok":true}' }));
    const destination = await createTestDestination({ url: `${target.url}/hooks?team=a`, headers: { Authorization: "Bearer s3cret", "X-Team": "billing", "X-Api-Key": "k-0001", "X-Auth": "s3cret-x" } });
    const eventBody = JSON.stringify({ type: "invoice.paid", amount: 1200 });
    const delivery = await createTestDelivery({ destinationId: destination.id, eventBody });

    const result = await attemptDelivery({ deliveryId: delivery.id });
    expect(result).toMatchObject({ outcome: "attempted", attempt: 1, status: "succeeded", responseStatus: 202, errorClass: null, nextAttemptAt: null });

    expect(target.requests).toHaveLength(1);
    const request = target.requests[0]!;
    expect(request).toMatchObject({ method: "POST", url: "/hooks?team=a" });
    expect(request.body.toString()).toBe(eventBody);
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Switchyard",
      authorization: "Bearer s3cret",
      "x-team": "billing",
      "webhook-id": delivery.webhookId,
    });
    expect(new Webhook(destination.secret).verify(request.body, headerRecord(request.headers))).toEqual(JSON.parse(eventBody));

    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: "succeeded", attempts: 1, lastStatus: 202, lastError: null, nextAttemptAt: null });
    const [attempt, ...more] = await attemptsOf(delivery.id);
    expect(more).toEqual([]);
    expect(attempt).toMatchObject({
      number: 1,
      requestUrl: `${target.url}/hooks?team=a`,
      responseStatus: 202,
      responseBody: '{"ok":true}',
      errorClass: null,
      errorMessage: null,
    });
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(0);
    // No custom header's value is in the row, whatever its name; the signature is kept.
    expect(attempt!.requestHeaders).toMatchObject({
      authorization: "[redacted]",
      "x-api-key": "[redacted]",
      "x-auth": "[redacted]",
      "x-team": "[redacted]",
      "webhook-id": delivery.webhookId,
      "webhook-signature": request.headers["webhook-signature"],
    });
    for (const value of ["s3cret", "billing", "k-0001"]) expect(JSON.stringify(attempt!.requestHeaders)).not.toContain(value);
    expect(attempt!.responseHeaders).toMatchObject({ "set-cookie": "[redacted]", "x-request-id": "r1" });
    // Nothing left to do: no follow-up job.
    expect(await jobsOf(delivery.id)).toEqual([]);
  });

  it("sends the rendered body when the delivery has one", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url });
    const delivery = await createTestDelivery({ destinationId: destination.id, eventBody: '{"original":true}', body: '{"rendered":true}' });
    await attemptDelivery({ deliveryId: delivery.id });
    expect(target.requests[0]!.body.toString()).toBe('{"rendered":true}');
    expect(new Webhook(destination.secret).verify(target.requests[0]!.body, headerRecord(target.requests[0]!.headers))).toEqual({ rendered: true });
  });

  it("500 then 200: retrying, a job for the next attempt, then succeeded with the same webhook-id", async () => {
    const target = await sink((_request, index) => (index === 0 ? { status: 500, body: "boom" } : { status: 200 }));
    const destination = await createTestDestination({ url: target.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });

    const first = await attemptDelivery({ deliveryId: delivery.id, random: () => 0.5 });
    expect(first).toMatchObject({ outcome: "attempted", attempt: 1, status: "retrying", responseStatus: 500, errorClass: "http_status" });
    const retrying = await deliveryRow(delivery.id);
    expect(retrying).toMatchObject({ status: "retrying", attempts: 1, lastStatus: 500, lastError: "The endpoint answered 500 Internal Server Error" });
    const [attempt1] = await attemptsOf(delivery.id);
    // The first delay of the default schedule is 5 s (no jitter at random 0.5), counted from the end of the attempt.
    const wait = retrying.nextAttemptAt!.getTime() - attempt1!.startedAt.getTime() - attempt1!.durationMs;
    expect(wait).toBeGreaterThanOrEqual(4990);
    expect(wait).toBeLessThanOrEqual(5010);
    expect(await jobsOf(delivery.id)).toEqual([{ state: "created", start_after: retrying.nextAttemptAt }]);
    expect(attempt1).toMatchObject({ responseBody: "boom", errorClass: "http_status" });

    // The job for the retry is not due yet: running it early (a stale duplicate) does nothing.
    expect(await attemptDelivery({ deliveryId: delivery.id })).toEqual({ outcome: "not_due", nextAttemptAt: retrying.nextAttemptAt });
    expect(target.requests).toHaveLength(1);

    await makeDue(delivery.id);
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", attempt: 2, status: "succeeded" });
    expect(target.requests.map((request) => request.headers["webhook-id"])).toEqual([delivery.webhookId, delivery.webhookId]);
    for (const request of target.requests) expect(() => new Webhook(destination.secret).verify(request.body, headerRecord(request.headers))).not.toThrow();
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "succeeded", attempts: 2, lastStatus: 200, lastError: null, nextAttemptAt: null });
    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((attempt) => [attempt.number, attempt.responseStatus])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    // Time-ordered ids: the primary key grows at its right edge.
    expect(attempts.map((attempt) => uuidVersion(attempt.id))).toEqual([7, 7]);
    expect(attempts[0]!.id < attempts[1]!.id).toBe(true);

    // Done: a late duplicate job changes nothing.
    expect(await attemptDelivery({ deliveryId: delivery.id })).toEqual({ outcome: "finished", status: "succeeded" });
    expect(target.requests).toHaveLength(2);
  });

  it("429 with Retry-After: 120 schedules the next attempt about 120 s later", async () => {
    const target = await sink(() => ({ status: 429, headers: { "retry-after": "120" } }));
    const destination = await createTestDestination({ url: target.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    const before = Date.now();
    const result = await attemptDelivery({ deliveryId: delivery.id });
    expect(result).toMatchObject({ outcome: "attempted", status: "retrying", responseStatus: 429 });
    const next = (await deliveryRow(delivery.id)).nextAttemptAt!.getTime();
    expect(next - before).toBeGreaterThanOrEqual(119_000);
    expect(next - Date.now()).toBeLessThanOrEqual(121_000);
    expect((await jobsOf(delivery.id))[0]!.start_after.getTime()).toBe(next);
  });

  it("410 Gone pauses the destination and fails the delivery; its other deliveries wait", async () => {
    const target = await sink(() => ({ status: 410 }));
    const destination = await createTestDestination({ url: target.url });
    const gone = await createTestDelivery({ destinationId: destination.id });
    const waiting = await createTestDelivery({ destinationId: destination.id });

    expect(await attemptDelivery({ deliveryId: gone.id })).toMatchObject({ outcome: "attempted", status: "failed", responseStatus: 410, nextAttemptAt: null });
    expect(await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({ state: "paused", pausedReason: GONE_REASON, consecutiveFailures: 1 });
    expect(await deliveryRow(gone.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(await jobsOf(gone.id)).toEqual([]);

    expect(await attemptDelivery({ deliveryId: waiting.id })).toEqual({ outcome: "paused" });
    expect(await deliveryRow(waiting.id)).toMatchObject({ status: "pending", attempts: 0 });
    expect(target.requests).toHaveLength(1);
  });

  it("fails the delivery when the schedule is used up, and keeps it for a manual retry", async () => {
    const target = await sink(() => ({ status: 503 }));
    const destination = await createTestDestination({ url: target.url, retrySchedule: [2] });
    const delivery = await createTestDelivery({ destinationId: destination.id });

    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ attempt: 1, status: "retrying" });
    await makeDue(delivery.id);
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ attempt: 2, status: "failed", nextAttemptAt: null });
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "failed", attempts: 2, lastStatus: 503, nextAttemptAt: null });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toEqual({ outcome: "finished", status: "failed" });
    expect(target.requests).toHaveLength(2);

    // No retries at all: the first failure is final.
    const once = await createTestDestination({ url: target.url, retrySchedule: [] });
    const single = await createTestDelivery({ destinationId: once.id });
    expect(await attemptDelivery({ deliveryId: single.id })).toMatchObject({ attempt: 1, status: "failed" });
  });

  it("records a timeout as an attempt with errorClass timeout, and retries it", async () => {
    const target = await sink(() => ({ delayMs: 3000 }));
    const destination = await createTestDestination({ url: target.url, timeoutMs: 1000 });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    const result = await attemptDelivery({ deliveryId: delivery.id });
    expect(result).toMatchObject({ outcome: "attempted", status: "retrying", responseStatus: null, errorClass: "timeout" });
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt).toMatchObject({ responseStatus: null, responseHeaders: null, responseBody: null, errorClass: "timeout" });
    expect(attempt!.errorMessage).toMatch(/timed out after 1000 ms/);
    // At least the timeout; no upper bound, which would only measure how busy the machine is (the
    // error class and message already say it did not wait for the answer).
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(950);
  });

  it("records a refused connection as an attempt like any other", async () => {
    const target = await sink();
    const url = target.url;
    await target.close();
    const destination = await createTestDestination({ url });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ status: "retrying", errorClass: "connection_refused" });
    const row = await deliveryRow(delivery.id);
    expect(row.lastStatus).toBeNull();
    expect(row.lastError).toContain("Connection refused");
  });

  it("does not follow a redirect: a 302 is recorded as a failure", async () => {
    const target = await sink((request) => (request.url === "/moved" ? { status: 200 } : { status: 302, headers: { location: "/moved" } }));
    const destination = await createTestDestination({ url: `${target.url}/old` });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ status: "retrying", responseStatus: 302, errorClass: "http_status" });
    expect(target.requests.map((request) => request.url)).toEqual(["/old"]);
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt!.errorMessage).toMatch(/302 Found \(to \/moved\); redirects are not followed/);
  });

  it("keeps a response body as text, at most 64 KiB, without NUL characters", async () => {
    const target = await sink(() => ({ status: 500, body: `a\u0000b${"x".repeat(100_000)}` }));
    const destination = await createTestDestination({ url: target.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await attemptDelivery({ deliveryId: delivery.id });
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt!.responseBody).toHaveLength(64 * 1024);
    expect(attempt!.responseBody!.startsWith("a\uFFFDb")).toBe(true);
  });

  it("treats a delivery that no longer exists as done", async () => {
    expect(await attemptDelivery({ deliveryId: "00000000-0000-4000-8000-000000000000" })).toEqual({ outcome: "missing" });
  });

  it("records an attempt on a delivery cancelled while its request was in flight, and leaves it cancelled", async () => {
    const target = await sink(() => ({ status: 500, delayMs: 500 }));
    const destination = await createTestDestination({ url: target.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    const running = attemptDelivery({ deliveryId: delivery.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // An operator's write is not blocked by the attempt in flight.
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "cancelled" } });
    expect(await running).toMatchObject({ outcome: "attempted", status: "cancelled", nextAttemptAt: null });
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "cancelled", attempts: 1, lastStatus: 500 });
    expect(await jobsOf(delivery.id)).toEqual([]);
    // It was a real request to the endpoint: it counts for the destination's health.
    expect(await destinationRow(destination.id)).toMatchObject({ consecutiveFailures: 1 });
  });
});

describe("attemptDelivery: signing secrets", () => {
  it("signs with both secrets during a rotation overlap, and only the new one after", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url });
    const rotated = await rotateDestinationSecret({ id: destination.id, actor: TEST_ACTOR });
    expect(rotated).not.toBeNull();

    const during = await createTestDelivery({ destinationId: destination.id });
    await attemptDelivery({ deliveryId: during.id });
    const request = target.requests[0]!;
    expect(String(request.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => new Webhook(destination.secret).verify(request.body, headerRecord(request.headers))).not.toThrow();
    expect(() => new Webhook(rotated!.secret).verify(request.body, headerRecord(request.headers))).not.toThrow();

    await db().destinationSecret.update({ where: { id: destination.secrets[0]!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const after = await createTestDelivery({ destinationId: destination.id });
    await attemptDelivery({ deliveryId: after.id });
    const later = target.requests[1]!;
    expect(String(later.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() => new Webhook(destination.secret).verify(later.body, headerRecord(later.headers))).toThrow();
    expect(() => new Webhook(rotated!.secret).verify(later.body, headerRecord(later.headers))).not.toThrow();
  });

  it("never sends unsigned: with no active secret the attempt fails without a request", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url });
    await db().destinationSecret.updateMany({ where: { destinationId: destination.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ status: "retrying", errorClass: "signing" });
    expect(target.requests).toHaveLength(0);
  });

  it("never sends without its custom headers: one that cannot be decrypted fails the attempt without a request", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url, headers: { Authorization: "Bearer s3cret" } });
    // As if ENCRYPTION_KEY had changed since the value was sealed.
    await db().$executeRaw`UPDATE destinations SET headers = jsonb_build_object('Authorization', 'sealed:v1.AAAA.BBBB.CCCC') WHERE id = ${destination.id}::uuid`;
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ status: "retrying", errorClass: "secrets" });
    expect(target.requests).toHaveLength(0);
    const [attempt] = await db().deliveryAttempt.findMany({ where: { deliveryId: delivery.id } });
    expect(attempt?.errorMessage).toMatch(/custom headers/);
  });
});

/**
 * A destination on loopback without the private-network permission. Saving one is refused
 * (refuse-unreachable-url.ts), so it is stored as allowed and the permission taken away in the
 * database: the state a name that later resolves elsewhere leaves, which attempts must still refuse.
 */
async function loopbackWithoutPermission(url: string) {
  const destination = await createTestDestination({ url });
  await db().destination.update({ where: { id: destination.id }, data: { allowPrivateNetwork: false } });
  return destination;
}

describe("attemptDelivery: address policy (SSRF)", () => {
  it("refuses a loopback destination without allowPrivateNetwork: blocked_address, nothing reaches the sink", async () => {
    const target = await sink();
    const destination = await loopbackWithoutPermission(target.url);
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", status: "retrying", errorClass: "blocked_address" });
    expect(target.requests).toHaveLength(0);
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt!.errorMessage).toMatch(/Refusing to connect to 127\.0\.0\.1: it is a loopback address/);
  });

  it("reaches it when the instance allowlist (OUTBOUND_ALLOW_CIDRS) covers the address", async () => {
    const target = await sink();
    const destination = await loopbackWithoutPermission(target.url);
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id, allowCidrs: ["127.0.0.1/32"] })).toMatchObject({ status: "succeeded" });
    expect(target.requests).toHaveLength(1);
  });
});

describe("attemptDelivery: concurrency and rate limits", () => {
  it("concurrent attempts of the same delivery make exactly one request", async () => {
    const target = await sink(() => ({ delayMs: 400 }));
    const destination = await createTestDestination({ url: target.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    const results = await Promise.all(Array.from({ length: 5 }, () => attemptDelivery({ deliveryId: delivery.id })));
    expect(results.filter((result) => result.outcome === "attempted")).toHaveLength(1);
    for (const result of results) expect(["attempted", "busy", "finished"]).toContain(result.outcome);
    expect(target.requests).toHaveLength(1);
    expect(await attemptsOf(delivery.id)).toHaveLength(1);
    expect(await deliveryRow(delivery.id)).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("maxConcurrency 1 holds across concurrent deliveries: the other is deferred, not blocked", async () => {
    const target = await sink(() => ({ delayMs: 500 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 1 });
    const deliveries = [await createTestDelivery({ destinationId: destination.id }), await createTestDelivery({ destinationId: destination.id })];

    const started = Date.now();
    const results = await Promise.all(deliveries.map((delivery) => attemptDelivery({ deliveryId: delivery.id })));
    expect(target.maxInFlight).toBe(1);
    expect(results.map((result) => result.outcome).sort()).toEqual(["attempted", "deferred"]);
    const index = results.findIndex((result) => result.outcome === "deferred");
    const deferred = results[index]!;
    expect(deferred).toMatchObject({ reason: "concurrency" });
    // The deferred delivery is untouched and has a job for a moment later.
    const waiting = deliveries[index]!;
    expect(await deliveryRow(waiting.id)).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: null });
    const [job] = await jobsOf(waiting.id);
    expect(job!.start_after.getTime()).toBeGreaterThanOrEqual(started + 1000);
    expect(job!.start_after.getTime()).toBeLessThanOrEqual(Date.now() + 3000);

    // Once the slot is free, it goes through.
    expect(await attemptDelivery({ deliveryId: waiting.id })).toMatchObject({ outcome: "attempted", status: "succeeded" });
    expect(target.requests).toHaveLength(2);
  });

  it("maxConcurrency N allows N at once", async () => {
    const target = await sink(() => ({ delayMs: 400 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 2 });
    const deliveries = await Promise.all(Array.from({ length: 4 }, () => createTestDelivery({ destinationId: destination.id })));
    const results = await Promise.all(deliveries.map((delivery) => attemptDelivery({ deliveryId: delivery.id })));
    expect(target.maxInFlight).toBe(2);
    expect(results.filter((result) => result.outcome === "attempted")).toHaveLength(2);
    expect(results.filter((result) => result.outcome === "deferred")).toHaveLength(2);
  });

  it("rateLimitPerSecond: at most N requests start in any second", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url, rateLimitPerSecond: 2 });
    const deliveries = await Promise.all(Array.from({ length: 4 }, () => createTestDelivery({ destinationId: destination.id })));

    const outcomes = [];
    for (const delivery of deliveries) outcomes.push(await attemptDelivery({ deliveryId: delivery.id }));
    expect(outcomes.map((result) => result.outcome)).toEqual(["attempted", "attempted", "deferred", "deferred"]);
    expect(outcomes[2]).toMatchObject({ reason: "rate_limit" });
    expect(target.requests).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await attemptDelivery({ deliveryId: deliveries[2]!.id })).toMatchObject({ outcome: "attempted" });
    expect(await attemptDelivery({ deliveryId: deliveries[3]!.id })).toMatchObject({ outcome: "attempted" });
  });

  it("the rate limit also counts requests still in flight, across concurrent callers", async () => {
    const target = await sink(() => ({ delayMs: 300 }));
    const destination = await createTestDestination({ url: target.url, rateLimitPerSecond: 3, maxConcurrency: 10 });
    const deliveries = await Promise.all(Array.from({ length: 8 }, () => createTestDelivery({ destinationId: destination.id })));
    const results = await Promise.all(deliveries.map((delivery) => attemptDelivery({ deliveryId: delivery.id })));
    // Admission is serialised, so concurrent callers neither all get in nor all back off.
    expect(results.filter((result) => result.outcome === "attempted")).toHaveLength(3);
    expect(results.filter((result) => result.outcome === "deferred")).toHaveLength(5);
    expect(target.requests).toHaveLength(3);
  });

  it("holds the rate over a sustained backlog worked by concurrent callers", async () => {
    const target = await sink(() => ({ delayMs: 20 }));
    const destination = await createTestDestination({ url: target.url, rateLimitPerSecond: 4, maxConcurrency: 10 });
    const deliveries = await Promise.all(Array.from({ length: 10 }, () => createTestDelivery({ destinationId: destination.id })));
    let waiting = deliveries.map((delivery) => delivery.id);
    const deadline = Date.now() + 8000;
    while (waiting.length > 0 && Date.now() < deadline) {
      // Like several workers each holding a batch: everything still waiting, at once.
      await Promise.all(waiting.map((deliveryId) => attemptDelivery({ deliveryId })));
      const done = await db().delivery.findMany({ where: { id: { in: waiting }, status: "succeeded" }, select: { id: true } });
      waiting = waiting.filter((id) => !done.some((row) => row.id === id));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waiting).toEqual([]);
    const starts = (await db().deliveryAttempt.findMany({ where: { deliveryId: { in: deliveries.map((d) => d.id) } }, select: { startedAt: true } }))
      .map((attempt) => attempt.startedAt.getTime())
      .sort((a, b) => a - b);
    expect(starts).toHaveLength(10);
    // In any window of (just under) one second, at most 4 requests started.
    for (const [index, start] of starts.entries()) {
      expect(starts.filter((other, j) => j >= index && other < start + 950).length).toBeLessThanOrEqual(4);
    }
  });
});

describe("attemptDelivery: failures in a row and the circuit breaker", () => {
  /** One attempt of a new delivery each (no retry waits to skip). */
  async function attemptNew(destinationId: string, circuitPolicy: CircuitPolicy = TEST_CIRCUIT_POLICY) {
    const delivery = await createTestDelivery({ destinationId });
    return attemptDelivery({ deliveryId: delivery.id, circuitPolicy });
  }

  async function circuitHistory(destinationId: string) {
    return db().destinationCircuitEvent.findMany({ where: { destinationId }, orderBy: { at: "asc" } });
  }

  async function systemAudit(destinationId: string, action: string) {
    return db().auditLog.findMany({ where: { targetId: destinationId, action } });
  }

  async function probeJobs(destinationId: string) {
    return db().$queryRaw<Array<{ state: string; start_after: Date }>>`
      SELECT state::text AS state, start_after FROM pgboss.job WHERE name = 'probe-destination' AND data->>'destinationId' = ${destinationId} ORDER BY created_on`;
  }

  /** Moves the current failing streak's start back, as if it had begun `seconds` earlier. */
  async function streakStartedEarlier(destinationId: string, seconds: number) {
    await db().$executeRaw`UPDATE destinations SET failing_since = failing_since - ${seconds}::float8 * interval '1 second' WHERE id = ${destinationId}::uuid`;
  }

  it("counts failures in a row and since when; a success resets both", async () => {
    const answers = [500, 500, 200, 500];
    const target = await sink((_request, index) => ({ status: answers[index] ?? 200 }));
    const destination = await createTestDestination({ url: target.url });
    const counts = [];
    for (let index = 0; index < 4; index += 1) {
      const result = await attemptNew(destination.id);
      counts.push(result.outcome === "attempted" ? result.consecutiveFailures : result.outcome);
    }
    expect(counts).toEqual([1, 2, 0, 1]);
    const row = await destinationRow(destination.id);
    // The streak began with the attempt after the success.
    const [, , , fourth] = await db().deliveryAttempt.findMany({ where: { delivery: { destinationId: destination.id } }, orderBy: { startedAt: "asc" } });
    expect(row).toMatchObject({ state: "active", circuitState: "closed", consecutiveFailures: 1, failingSince: fourth!.startedAt });
  });

  it("a burst of many failures within seconds does not open the circuit, however many deliveries it hits", async () => {
    const target = await sink(() => ({ status: 503, delayMs: 20 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 10 });
    const deliveries = await Promise.all(Array.from({ length: 25 }, () => createTestDelivery({ destinationId: destination.id })));
    // The production default: a minute and 10 attempts. 25 failures, all within seconds.
    const results = await Promise.all(deliveries.map((delivery) => attemptDelivery({ deliveryId: delivery.id, circuitPolicy: DEFAULT_CIRCUIT_POLICY })));
    const deferred = deliveries.filter((_delivery, index) => results[index]!.outcome === "deferred");
    for (const delivery of deferred) await attemptDelivery({ deliveryId: delivery.id, circuitPolicy: DEFAULT_CIRCUIT_POLICY });
    expect(target.requests).toHaveLength(25);
    expect(await destinationRow(destination.id)).toMatchObject({ state: "active", circuitState: "closed", consecutiveFailures: 25, circuitOpenedAt: null });
    expect((await destinationRow(destination.id)).failingSince).not.toBeNull();
    expect(await circuitHistory(destination.id)).toEqual([]);
    expect(await probeJobs(destination.id)).toEqual([]);
    // Deliveries keep flowing: the next one is sent.
    expect(await attemptNew(destination.id, DEFAULT_CIRCUIT_POLICY)).toMatchObject({ outcome: "attempted", consecutiveFailures: 26, circuit: null });
  });

  it("failing long enough but too few times does not open it either", async () => {
    const target = await sink(() => ({ status: 500 }));
    const destination = await createTestDestination({ url: target.url });
    expect(await attemptNew(destination.id)).toMatchObject({ consecutiveFailures: 1, circuit: null });
    await streakStartedEarlier(destination.id, 3600);
    expect(await attemptNew(destination.id)).toMatchObject({ consecutiveFailures: 2, circuit: null });
    expect(await destinationRow(destination.id)).toMatchObject({ circuitState: "closed" });
    // The third, with the streak an hour old, is sustained failure.
    expect(await attemptNew(destination.id)).toMatchObject({ consecutiveFailures: 3, circuit: { change: "opened" } });
  });

  it("sustained failure opens the circuit exactly once under concurrent attempts, with a history row, an audit entry and a log line", async () => {
    const target = await sink(() => ({ status: 503, delayMs: 100 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 10 });
    // Failing for a while already: two failures, the first of them 61 s ago.
    await attemptNew(destination.id);
    await attemptNew(destination.id);
    await streakStartedEarlier(destination.id, 61);

    // The log line, as the process writes it (lib/log.ts writes warnings to stderr; the spy passes them through).
    const stderr = vi.spyOn(process.stderr, "write");
    let results;
    let logged: string[];
    try {
      const deliveries = await Promise.all(Array.from({ length: 6 }, () => createTestDelivery({ destinationId: destination.id })));
      results = await Promise.all(deliveries.map((delivery) => attemptDelivery({ deliveryId: delivery.id, circuitPolicy: TEST_CIRCUIT_POLICY })));
    } finally {
      logged = stderr.mock.calls.map(([chunk]) => String(chunk));
      stderr.mockRestore();
    }

    const attempted = results.filter((result) => result.outcome === "attempted");
    expect(attempted).toHaveLength(6);
    // Every failure counted, each attempt saw its own count.
    expect(attempted.map((result) => result.consecutiveFailures).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    const opening = attempted.filter((result) => result.circuit?.change === "opened");
    expect(opening).toHaveLength(1);
    const opened = opening[0]!.circuit as Extract<CircuitChange, { change: "opened" }>;
    expect(opened.reason).toMatch(/^failing for 6\d s, [3-8] attempts in a row \(last: HTTP 503\)$/);

    const row = await destinationRow(destination.id);
    expect(row).toMatchObject({ state: "active", circuitState: "open", circuitProbesFailed: 0, consecutiveFailures: 8, pausedReason: null });
    // The first probe 10 s after opening, with its job.
    expect(row.circuitNextProbeAt!.getTime() - row.circuitOpenedAt!.getTime()).toBe(10_000);
    expect(opened.nextProbeAt).toEqual(row.circuitNextProbeAt);
    expect(await probeJobs(destination.id)).toEqual([{ state: "created", start_after: row.circuitNextProbeAt }]);
    expect(await circuitHistory(destination.id)).toMatchObject([{ at: row.circuitOpenedAt, fromState: "closed", toState: "open", reason: opened.reason }]);
    const openedAudit = await systemAudit(destination.id, "destination.circuit_opened");
    expect(openedAudit).toMatchObject([
      { actorId: null, actorLabel: "system", targetType: "destination", targetName: destination.name, details: { reason: opened.reason } },
    ]);
    // UUIDv7: the audit log lists entries by (at, id), so ids must keep the order entries were made in.
    expect(uuidVersion(openedAudit[0]!.id)).toBe(7);
    const lines = logged.filter((line) => line.includes('"circuit opened') && line.includes(destination.id));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", scope: "delivery", destinationId: destination.id, reason: opened.reason });
    // Nothing is paused: a pause is an operator's.
    expect(await systemAudit(destination.id, "destination.paused")).toEqual([]);
  });

  it("while open, attempts send nothing, charge nothing and leave the delivery waiting as it was", async () => {
    const target = await sink(() => ({ status: 500 }));
    const destination = await createTestDestination({ url: target.url });
    // One delivery waiting for a retry, then the circuit opens.
    const retrying = await createTestDelivery({ destinationId: destination.id });
    await attemptDelivery({ deliveryId: retrying.id, circuitPolicy: TEST_CIRCUIT_POLICY });
    await failUntilOpen({ destinationId: destination.id });
    const sent = target.requests.length;
    const { circuitNextProbeAt } = await destinationRow(destination.id);

    await makeDue(retrying.id);
    const before = await deliveryRow(retrying.id);
    expect(await attemptDelivery({ deliveryId: retrying.id })).toEqual({ outcome: "circuit_open", nextProbeAt: circuitNextProbeAt });
    const fresh = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: fresh.id })).toEqual({ outcome: "circuit_open", nextProbeAt: circuitNextProbeAt });

    expect(target.requests).toHaveLength(sent);
    expect(await deliveryRow(retrying.id)).toEqual(before);
    expect(await deliveryRow(fresh.id)).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: null });
    expect(await attemptsOf(fresh.id)).toEqual([]);
    expect(await jobsOf(fresh.id)).toEqual([]);
  });

  it("an attempt in flight when the circuit opened that succeeds brings the next probe forward to now", async () => {
    let fail = true;
    const target = await sink(() => (fail ? { status: 500 } : { status: 200, delayMs: 300 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 10 });
    await attemptNew(destination.id);
    await attemptNew(destination.id);
    await streakStartedEarlier(destination.id, 61);
    fail = false;
    // Slow and about to succeed; meanwhile another attempt fails and opens the circuit.
    const slow = attemptNew(destination.id);
    await eventually(() => Promise.resolve(target.requests.length === 3));
    await db().destination.update({ where: { id: destination.id }, data: { circuitState: "open", circuitOpenedAt: new Date(), circuitNextProbeAt: new Date(Date.now() + 60_000) } });
    const result = await slow;
    expect(result).toMatchObject({ outcome: "attempted", status: "succeeded", consecutiveFailures: 0, circuit: { change: "probe_brought_forward" } });
    const row = await destinationRow(destination.id);
    expect(row).toMatchObject({ circuitState: "open", consecutiveFailures: 0, failingSince: null });
    // Due when that attempt finished (it was due in a minute).
    const [slowAttempt] = await db().deliveryAttempt.findMany({ where: { delivery: { destinationId: destination.id }, responseStatus: 200 } });
    expect(row.circuitNextProbeAt!.getTime()).toBe(slowAttempt!.startedAt.getTime() + slowAttempt!.durationMs);
    expect((await probeJobs(destination.id)).map((job) => job.start_after)).toEqual([row.circuitNextProbeAt]);
  });

  it("counts errors without a response too, and names them in the reason", async () => {
    const target = await sink();
    const url = target.url;
    await target.close();
    const destination = await createTestDestination({ url });
    const opened = await failUntilOpen({ destinationId: destination.id });
    expect(opened).toMatchObject({ errorClass: "connection_refused", consecutiveFailures: 4 });
    expect((await circuitHistory(destination.id))[0]!.reason).toMatch(/^failing for 6\d s, 4 attempts in a row \(last: connection refused\)$/);
  });

  it("a 410 Gone still pauses the destination (an operator must resume it), and never opens the circuit", async () => {
    const target = await sink(() => ({ status: 410 }));
    const destination = await createTestDestination({ url: target.url });
    await db().destination.update({ where: { id: destination.id }, data: { consecutiveFailures: 5, failingSince: new Date(Date.now() - 3600_000) } });
    expect(await attemptNew(destination.id)).toMatchObject({ consecutiveFailures: 6, pausedDestination: GONE_REASON, circuit: null });
    expect(await destinationRow(destination.id)).toMatchObject({ state: "paused", pausedReason: GONE_REASON, circuitState: "closed" });
    const pausedAudit = await systemAudit(destination.id, "destination.paused");
    expect(pausedAudit).toMatchObject([{ actorLabel: "system" }]);
    expect(uuidVersion(pausedAudit[0]!.id)).toBe(7);
    expect(await circuitHistory(destination.id)).toEqual([]);
  });
});
