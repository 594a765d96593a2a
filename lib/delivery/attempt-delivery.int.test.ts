import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { attemptDelivery, GONE_REASON } from "@/lib/delivery/attempt-delivery";
import { autoPauseReason } from "@/lib/destinations/pause-cause";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { TEST_ACTOR } from "@/lib/testing/factories";

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
    const destination = await createTestDestination({ url: `${target.url}/hooks?team=a`, headers: { Authorization: "Bearer s3cret", "X-Team": "billing", "X-Api-Key": "k" } });
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
    // Credentials among the custom headers are redacted in the log; the signature is kept.
    expect(attempt!.requestHeaders).toMatchObject({
      authorization: "[redacted]",
      "x-api-key": "[redacted]",
      "x-team": "billing",
      "webhook-id": delivery.webhookId,
      "webhook-signature": request.headers["webhook-signature"],
    });
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
    expect((await attemptsOf(delivery.id)).map((attempt) => [attempt.number, attempt.responseStatus])).toEqual([
      [1, 500],
      [2, 200],
    ]);

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
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(950);
    expect(attempt!.durationMs).toBeLessThan(2500);
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

describe("attemptDelivery: address policy (SSRF)", () => {
  it("refuses a loopback destination without allowPrivateNetwork: blocked_address, nothing reaches the sink", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url, allowPrivateNetwork: false });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", status: "retrying", errorClass: "blocked_address" });
    expect(target.requests).toHaveLength(0);
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt!.errorMessage).toMatch(/Refusing to connect to 127\.0\.0\.1: it is a loopback address/);
  });

  it("reaches it when the instance allowlist (OUTBOUND_ALLOW_CIDRS) covers the address", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url, allowPrivateNetwork: false });
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

describe("attemptDelivery: consecutive failures and the automatic pause", () => {
  /** One attempt of a new delivery each (no retry waits to skip). */
  async function attemptNew(destinationId: string) {
    const delivery = await createTestDelivery({ destinationId });
    return attemptDelivery({ deliveryId: delivery.id });
  }

  async function systemPauses(destinationId: string) {
    return db().auditLog.findMany({ where: { targetId: destinationId, action: "destination.paused" } });
  }

  it("pauses after auto_pause_after failed attempts in a row, with the reason, and records it in the audit log", async () => {
    const target = await sink(() => ({ status: 500 }));
    const destination = await createTestDestination({ url: target.url, autoPauseAfter: 3 });

    expect(await attemptNew(destination.id)).toMatchObject({ outcome: "attempted", consecutiveFailures: 1, pausedDestination: null });
    expect(await attemptNew(destination.id)).toMatchObject({ outcome: "attempted", consecutiveFailures: 2, pausedDestination: null });
    expect(await destinationRow(destination.id)).toMatchObject({ state: "active", consecutiveFailures: 2, pausedReason: null });

    const reason = "Paused automatically after 3 consecutive failed attempts (last: HTTP 500)";
    expect(autoPauseReason(3, "HTTP 500")).toBe(reason);
    expect(await attemptNew(destination.id)).toMatchObject({ outcome: "attempted", status: "retrying", consecutiveFailures: 3, pausedDestination: reason });
    const paused = await destinationRow(destination.id);
    expect(paused).toMatchObject({ state: "paused", consecutiveFailures: 3, pausedReason: reason });
    expect(paused.pausedAt).not.toBeNull();
    expect(await systemPauses(destination.id)).toMatchObject([{ actorId: null, actorLabel: "system", targetType: "destination", targetName: destination.name, details: { reason } }]);

    // Paused: the next delivery waits, nothing more is sent or counted.
    expect(await attemptNew(destination.id)).toEqual({ outcome: "paused" });
    expect(target.requests).toHaveLength(3);
    expect(await destinationRow(destination.id)).toMatchObject({ consecutiveFailures: 3 });
  });

  it("a success in between resets the count", async () => {
    const answers = [500, 500, 200, 500, 500, 500];
    const target = await sink((_request, index) => ({ status: answers[index] ?? 200 }));
    const destination = await createTestDestination({ url: target.url, autoPauseAfter: 3 });
    const counts = [];
    for (let index = 0; index < 5; index += 1) {
      const result = await attemptNew(destination.id);
      counts.push(result.outcome === "attempted" ? result.consecutiveFailures : result.outcome);
    }
    expect(counts).toEqual([1, 2, 0, 1, 2]);
    expect(await destinationRow(destination.id)).toMatchObject({ state: "active", consecutiveFailures: 2 });
    // The third failure in a row since the success pauses it.
    expect(await attemptNew(destination.id)).toMatchObject({ consecutiveFailures: 3, pausedDestination: expect.stringMatching(/^Paused automatically after 3 /) as unknown });
    expect(await destinationRow(destination.id)).toMatchObject({ state: "paused" });
  });

  it("never pauses when auto_pause_after is null", async () => {
    const target = await sink(() => ({ status: 503 }));
    const destination = await createTestDestination({ url: target.url, autoPauseAfter: null });
    for (let index = 0; index < 5; index += 1) await attemptNew(destination.id);
    expect(await destinationRow(destination.id)).toMatchObject({ state: "active", consecutiveFailures: 5, pausedReason: null });
    expect(await systemPauses(destination.id)).toEqual([]);
  });

  it("counts errors without a response too, and names them in the reason", async () => {
    const target = await sink();
    const url = target.url;
    await target.close();
    const destination = await createTestDestination({ url, autoPauseAfter: 1 });
    expect(await attemptNew(destination.id)).toMatchObject({ errorClass: "connection_refused", consecutiveFailures: 1 });
    expect(await destinationRow(destination.id)).toMatchObject({
      state: "paused",
      pausedReason: "Paused automatically after 1 consecutive failed attempt (last: connection refused)",
    });
  });

  it("a 410 reaching the threshold pauses with the 410's reason", async () => {
    const target = await sink(() => ({ status: 410 }));
    const destination = await createTestDestination({ url: target.url, autoPauseAfter: 1 });
    expect(await attemptNew(destination.id)).toMatchObject({ consecutiveFailures: 1, pausedDestination: GONE_REASON });
    expect(await destinationRow(destination.id)).toMatchObject({ state: "paused", pausedReason: GONE_REASON });
    expect(await systemPauses(destination.id)).toHaveLength(1);
  });

  it("concurrent failing attempts count every failure and pause once", async () => {
    const target = await sink(() => ({ status: 500, delayMs: 100 }));
    const destination = await createTestDestination({ url: target.url, autoPauseAfter: 3, maxConcurrency: 10 });
    const deliveries = await Promise.all(Array.from({ length: 6 }, () => createTestDelivery({ destinationId: destination.id })));
    const results = await Promise.all(deliveries.map((delivery) => attemptDelivery({ deliveryId: delivery.id })));
    const attempted = results.filter((result) => result.outcome === "attempted");
    expect(attempted).toHaveLength(6);
    // Each saw its own count: 1..6, no two the same.
    expect(attempted.map((result) => result.consecutiveFailures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const pausing = attempted.filter((result) => result.pausedDestination !== null);
    expect(pausing).toMatchObject([{ consecutiveFailures: 3, pausedDestination: expect.stringMatching(/^Paused automatically after 3 consecutive/) as unknown }]);
    expect(await destinationRow(destination.id)).toMatchObject({ state: "paused", consecutiveFailures: 6 });
    expect(await systemPauses(destination.id)).toHaveLength(1);
  });
});
