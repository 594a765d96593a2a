// The deliveries list (filters, keyset pages), "Retry now", cancel, and the bulk retry's batches,
// against the real database, queue and delivery engine (attemptDelivery run directly, as the
// `deliver` job would).
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db, disconnectDb, pool, withTransaction } from "@/lib/db";
import { attemptLockKeySql, deliveriesBeingAttempted } from "@/lib/deliveries/attempt-lock";
import { cancelDelivery } from "@/lib/deliveries/cancel-delivery";
import { countDeliveries } from "@/lib/deliveries/count-deliveries";
import type { DeliveryFilter } from "@/lib/deliveries/delivery-filter";
import { getDelivery } from "@/lib/deliveries/get-delivery";
import { InvalidCursorError, listDeliveries } from "@/lib/deliveries/list-deliveries";
import { getEvent } from "@/lib/events/get-event";
import { retryBulkKind } from "@/lib/bulk-operations/retry-kind";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestSource, TEST_ACTOR } from "@/lib/testing/factories";

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

async function jobsOf(deliveryId: string) {
  return db().$queryRaw<Array<{ state: string; start_after: Date }>>`
    SELECT state::text AS state, start_after FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${deliveryId} ORDER BY created_on`;
}

/** A delivery in a given state, without running the engine (for the list's filters). */
async function deliveryIn(
  destinationId: string,
  state: { status: DeliveryStatus; attempts?: number; lastStatus?: number | null; createdAt?: Date; sourceId?: string },
) {
  const delivery = await createTestDelivery({ destinationId, ...(state.sourceId ? { sourceId: state.sourceId } : {}) });
  return db().delivery.update({
    where: { id: delivery.id },
    data: { status: state.status, attempts: state.attempts ?? 1, lastStatus: state.lastStatus ?? null, ...(state.createdAt ? { createdAt: state.createdAt } : {}) },
  });
}

/** A delivery that failed for good: its endpoint answered 500 and the schedule has no retries. */
async function failedDelivery(url: string, destinationId?: string) {
  const destination = destinationId ? { id: destinationId } : await createTestDestination({ url, retrySchedule: [] });
  const delivery = await createTestDelivery({ destinationId: destination.id });
  expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", status: "failed" });
  return delivery;
}

describe("listDeliveries", () => {
  it("filters by status, destination, source, response code and time, newest first", async () => {
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/none" });
    const other = await createTestDestination({ url: "http://127.0.0.1:9/other" });
    const source = await createTestSource();
    const base = Date.now() - 60 * 60 * 1000;
    const at = (minutes: number) => new Date(base + minutes * 60 * 1000);
    const failed500 = await deliveryIn(destination.id, { status: "failed", lastStatus: 500, createdAt: at(1), sourceId: source.id });
    const failed503 = await deliveryIn(destination.id, { status: "failed", lastStatus: 503, createdAt: at(2) });
    const network = await deliveryIn(destination.id, { status: "retrying", lastStatus: null, createdAt: at(3), sourceId: source.id });
    const notFound = await deliveryIn(destination.id, { status: "failed", lastStatus: 404, createdAt: at(4) });
    const ok = await deliveryIn(destination.id, { status: "succeeded", lastStatus: 200, createdAt: at(5) });
    const waiting = await deliveryIn(destination.id, { status: "pending", attempts: 0, createdAt: at(6) });
    await deliveryIn(other.id, { status: "failed", lastStatus: 500, createdAt: at(7) });

    const ids = async (filter: Omit<DeliveryFilter, "destination">) =>
      (await listDeliveries({ filter: { destination: destination.id, ...filter } })).deliveries.map((delivery) => delivery.id);

    expect(await ids({})).toEqual([waiting.id, ok.id, notFound.id, network.id, failed503.id, failed500.id]);
    expect(await ids({ status: "failed" })).toEqual([notFound.id, failed503.id, failed500.id]);
    expect(await ids({ response: "500" })).toEqual([failed500.id]);
    expect(await ids({ response: "5xx" })).toEqual([failed503.id, failed500.id]);
    expect(await ids({ response: "4xx" })).toEqual([notFound.id]);
    // "none": attempted without an HTTP answer; a delivery never attempted is not one.
    expect(await ids({ response: "none" })).toEqual([network.id]);
    expect(await ids({ source: source.id })).toEqual([network.id, failed500.id]);
    expect(await ids({ from: at(2).toISOString(), to: at(4).toISOString() })).toEqual([network.id, failed503.id]);
    expect(await countDeliveries({ filter: { destination: destination.id, status: "failed" } })).toBe(3);
    expect(await countDeliveries({ filter: { destination: destination.id, source: source.id } })).toBe(2);

    const [row] = (await listDeliveries({ filter: { destination: destination.id, response: "none" } })).deliveries;
    expect(row).toMatchObject({
      id: network.id,
      status: "retrying",
      attempts: 1,
      lastStatus: null,
      event: { id: network.eventId },
      source: { id: source.id, name: source.name },
      destination: { id: destination.id, name: destination.name, state: "active" },
    });
  });

  it("pages by keyset without gaps or repeats, also among equal creation times", async () => {
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/pages" });
    const sameTime = new Date(Date.now() - 1000);
    const created = [];
    for (let i = 0; i < 7; i += 1) created.push(await deliveryIn(destination.id, { status: "failed", createdAt: i < 4 ? sameTime : new Date(sameTime.getTime() - i * 1000) }));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listDeliveries({ filter: { destination: destination.id }, cursor, limit: 3 });
      seen.push(...page.deliveries.map((delivery) => delivery.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(created.map((delivery) => delivery.id)));
    await expect(listDeliveries({ filter: {}, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("an attempt in progress", () => {
  it("shows while a worker's request is out, in the list, the delivery and its event, and ends with the recorded attempt", async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const endpoint = await sink(() => ({ until: answered }));
    const destination = await createTestDestination({ url: endpoint.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    const inProgress = async () => ({
      listed: (await listDeliveries({ filter: { destination: destination.id } })).deliveries.map((item) => item.attemptInProgress),
      fetched: (await getDelivery({ id: delivery.id }))?.attemptInProgress,
      ofEvent: (await getEvent({ id: delivery.eventId }))?.deliveries.map((item) => item.attemptInProgress),
    });
    expect(await inProgress()).toEqual({ listed: [false], fetched: false, ofEvent: [false] });

    const attempt = attemptDelivery({ deliveryId: delivery.id });
    await vi.waitFor(() => expect(endpoint.requests).toHaveLength(1));
    // Nothing is recorded yet: the row still says pending, never attempted.
    expect(await getDelivery({ id: delivery.id })).toMatchObject({ status: "pending", attempts: 0, attemptInProgress: true });
    expect(await inProgress()).toEqual({ listed: [true], fetched: true, ofEvent: [true] });

    answer();
    expect(await attempt).toMatchObject({ outcome: "attempted", status: "succeeded" });
    expect(await getDelivery({ id: delivery.id })).toMatchObject({ status: "succeeded", attempts: 1, attemptInProgress: false });
    expect(await inProgress()).toEqual({ listed: [false], fetched: false, ofEvent: [false] });
  });

  it("ends when the attempt's database connection is cut mid-request, and the next attempt shows and records", async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const endpoint = await sink((_request, index) => (index === 0 ? { until: answered } : {}));
    const destination = await createTestDestination({ url: endpoint.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });

    const attempt = attemptDelivery({ deliveryId: delivery.id });
    await vi.waitFor(() => expect(endpoint.requests).toHaveLength(1));
    expect((await getDelivery({ id: delivery.id }))?.attemptInProgress).toBe(true);
    // The server ends the attempt's session (a restart, a crashed worker's connection): its lock goes with it.
    const { rows } = await pool().query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND (l.classid::bigint << 32) | l.objid::bigint = ${attemptLockKeySql("$1::uuid")}`,
      [delivery.id],
    );
    expect(rows).toHaveLength(1);
    await pool().query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    await vi.waitFor(async () => expect((await getDelivery({ id: delivery.id }))?.attemptInProgress).toBe(false));
    answer();
    await expect(attempt).rejects.toThrow();
    expect(await getDelivery({ id: delivery.id })).toMatchObject({ status: "pending", attempts: 0, attemptInProgress: false });

    // Sent, not recorded: the next attempt sends it again and records it.
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", status: "succeeded" });
    expect(await getDelivery({ id: delivery.id })).toMatchObject({ status: "succeeded", attempts: 1, attemptInProgress: false });
  });

  it("reads every delivery lock whatever its key's bits, held by any session, and only pending or retrying deliveries count", async () => {
    // pg_locks splits a bigint key into two unsigned 32-bit halves: keys with and without the top bit
    // of either half set must all come back whole.
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/locks" });
    const byTopBits = new Map<string, string>();
    while (byTopBits.size < 4) {
      const { id } = await createTestDelivery({ destinationId: destination.id });
      const { rows } = await pool().query<{ bits: string }>(
        `SELECT (k < 0)::text || ((k & 2147483648) <> 0)::text AS bits FROM (SELECT ${attemptLockKeySql("$1::uuid")} AS k) key`,
        [id],
      );
      byTopBits.set(rows[0]!.bits, id);
    }
    const held = [...byTopBits.values()];
    const settled = await deliveryIn(destination.id, { status: "succeeded", lastStatus: 200 });
    const idle = await createTestDelivery({ destinationId: destination.id });
    const all = [...held, settled.id, idle.id];
    expect(await deliveriesBeingAttempted(all)).toEqual(new Set());

    // Another session holds the locks, as another worker process would.
    await withTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${attemptLockKeySql("id")}) FROM unnest($1::uuid[]) AS ids(id)`, [[...held, settled.id]]);
      expect(await deliveriesBeingAttempted(all)).toEqual(new Set(held));
    });
    expect(await deliveriesBeingAttempted(all)).toEqual(new Set());
  });
});

describe("retryDelivery", () => {
  it("puts a failed delivery back in line with a job due now, and the attempt then succeeds", async () => {
    let fixed = false;
    const target = await sink(() => (fixed ? {} : { status: 500, body: "down" }));
    const delivery = await failedDelivery(target.url);
    expect(await jobsOf(delivery.id)).toEqual([]);

    const result = await retryDelivery({ id: delivery.id, actor: TEST_ACTOR });
    expect(result).toMatchObject({ ok: true, destinationPaused: false, delivery: { id: delivery.id, eventId: delivery.eventId, status: "retrying" } });
    const row = await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "retrying", attempts: 1 });
    expect(row.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
    const jobs = await jobsOf(delivery.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.start_after.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    fixed = true;
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", attempt: 2, status: "succeeded" });
    expect(target.requests).toHaveLength(2);
  });

  it("refuses a succeeded delivery, a pending one and an unknown id, with clear codes", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await retryDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "delivery_already_pending" });
    await attemptDelivery({ deliveryId: delivery.id });
    expect(await retryDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "delivery_already_succeeded" });
    expect(await retryDelivery({ id: randomUUID(), actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "delivery_not_found" });
    expect(await retryDelivery({ id: "not-a-uuid", actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "delivery_not_found" });
    expect(await jobsOf(delivery.id)).toEqual([]);
    expect(target.requests).toHaveLength(1);
  });

  it("says so when the destination is paused: the delivery waits for the resume", async () => {
    const target = await sink(() => ({ status: 500 }));
    const delivery = await failedDelivery(target.url);
    await pauseDestination({ id: delivery.destinationId, actor: TEST_ACTOR });
    const result = await retryDelivery({ id: delivery.id, actor: TEST_ACTOR });
    expect(result).toMatchObject({ ok: true, destinationPaused: true, circuitOpen: false, delivery: { status: "retrying" } });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toEqual({ outcome: "paused" });
    expect(target.requests).toHaveLength(1);
  });

  it("says so when the destination's circuit is open: the delivery waits for a probe to succeed", async () => {
    const target = await sink(() => ({ status: 500 }));
    const delivery = await failedDelivery(target.url);
    await db().destination.update({ where: { id: delivery.destinationId }, data: { circuitState: "open", circuitOpenedAt: new Date(), circuitNextProbeAt: new Date(Date.now() + 60_000) } });
    const result = await retryDelivery({ id: delivery.id, actor: TEST_ACTOR });
    expect(result).toMatchObject({ ok: true, destinationPaused: false, circuitOpen: true, delivery: { status: "retrying" } });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "circuit_open" });
    expect(target.requests).toHaveLength(1);
  });

  it("a retry scheduled for later stays harmless: its job finds the delivery done, or not due", async () => {
    let answer = 500;
    const target = await sink(() => ({ status: answer }));
    const destination = await createTestDestination({ url: target.url, retrySchedule: [300, 300] });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ status: "retrying" });
    const [scheduled] = await jobsOf(delivery.id);
    expect(scheduled!.start_after.getTime()).toBeGreaterThan(Date.now() + 200_000);

    // Retry now: a second job, due now. The attempt fails again and schedules the next retry.
    expect(await retryDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    expect(await jobsOf(delivery.id)).toHaveLength(2);
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", attempt: 2, status: "retrying" });
    // The job scheduled before, run early or on time, finds the delivery not due (it has moved on).
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "not_due" });

    // Retry now again, and this time the endpoint is fixed: the older jobs find it finished.
    answer = 200;
    expect(await retryDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ outcome: "attempted", attempt: 3, status: "succeeded" });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toEqual({ outcome: "finished", status: "succeeded" });
    expect(target.requests).toHaveLength(3);
  });

  it("brings back a cancelled delivery that was never attempted as pending", async () => {
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/x" });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await cancelDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    expect(await retryDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: true, delivery: { status: "pending" } });
  });
});

describe("cancelDelivery", () => {
  it("cancels a retrying delivery's scheduled retries; its job then does nothing", async () => {
    const target = await sink(() => ({ status: 503 }));
    const destination = await createTestDestination({ url: target.url, retrySchedule: [1] });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ status: "retrying" });

    expect(await cancelDelivery({ id: delivery.id, actor: TEST_ACTOR })).toEqual({ ok: true, delivery: { id: delivery.id, eventId: delivery.eventId, status: "cancelled" } });
    expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "cancelled", nextAttemptAt: null });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toEqual({ outcome: "finished", status: "cancelled" });
    expect(target.requests).toHaveLength(1);
  });

  it("refuses a delivery that is not waiting", async () => {
    const target = await sink(() => ({ status: 500 }));
    const delivery = await failedDelivery(target.url);
    expect(await cancelDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "delivery_not_cancellable", message: expect.stringContaining("failed") as unknown });
    expect(await cancelDelivery({ id: randomUUID(), actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "delivery_not_found" });
  });
});

describe("the retry bulk kind", () => {
  it("accepts a failed-or-any status only, and counts failed deliveries", async () => {
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/kind" });
    expect(retryBulkKind.parseFilter({ destination: destination.id })).toEqual({ destination: destination.id, status: "failed" });
    expect(() => retryBulkKind.parseFilter({ status: "succeeded" })).toThrow(/failed deliveries only/);
    await deliveryIn(destination.id, { status: "failed" });
    await deliveryIn(destination.id, { status: "succeeded" });
    expect(await retryBulkKind.count(retryBulkKind.parseFilter({ destination: destination.id }))).toBe(1);
  });

  it("retries failed deliveries batch by batch in keyset order, each once, skipping any no longer failed", async () => {
    const target = await sink(() => ({ status: 500 }));
    const destination = await createTestDestination({ url: target.url, retrySchedule: [] });
    const failed = [];
    for (let i = 0; i < 5; i += 1) failed.push(await failedDelivery(target.url, destination.id));
    const ok = await deliveryIn(destination.id, { status: "succeeded" });
    // One is retried by hand before the bulk retry reaches it.
    const [byHand] = failed;
    await retryDelivery({ id: byHand!.id, actor: TEST_ACTOR });
    const filter = retryBulkKind.parseFilter({ destination: destination.id });
    // The batches remember what they requeued on the operation, so it must exist.
    const operationId = (await db().bulkOperation.create({ data: { kind: "retry", filter } })).id;

    const batch = (cursor: string | null) => withTransaction((tx) => retryBulkKind.runBatch({ operationId, filter, cursor, limit: 2, tx }));
    // A batch whose transaction rolls back (the worker died before the engine committed) leaves no trace.
    await expect(
      withTransaction(async (tx) => {
        await retryBulkKind.runBatch({ operationId, filter, cursor: null, limit: 2, tx });
        throw new Error("worker killed");
      }),
    ).rejects.toThrow("worker killed");
    expect(await jobsOf(failed[4]!.id)).toEqual([]);

    const first = await batch(null);
    const second = await batch(first.cursor);
    const third = await batch(second.cursor);
    // The one retried by hand is no longer failed, so it is not part of the scan.
    expect([first.processed, second.processed, third.processed]).toEqual([2, 2, 0]);
    expect(third.cursor).toBeNull();

    for (const delivery of failed) {
      expect(await jobsOf(delivery.id), delivery.id).toHaveLength(1);
      expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "retrying" });
    }
    expect(await db().delivery.findUniqueOrThrow({ where: { id: ok.id } })).toMatchObject({ status: "succeeded" });
    // Its items: the four it requeued, each with the attempts it had then (one failed attempt).
    const items = await db().bulkOperationItem.findMany({ where: { operationId } });
    expect(items.map((item) => item.deliveryId).sort()).toEqual(failed.slice(1).map((delivery) => delivery.id).sort());
    expect(items.every((item) => item.attemptsBefore === 1)).toBe(true);
  });
});
