// The overview's figures against the real database. Each test seeds rows in its own month of 2031,
// which no other test writes to, with `now` pinned there, so the counts are exact.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { getActivity } from "@/lib/overview/get-activity";
import { getFailingNow } from "@/lib/overview/get-failing-now";
import { getQueueDepth } from "@/lib/overview/get-queue-depth";
import { listFailingDestinations } from "@/lib/overview/list-failing-destinations";
import { listRejectionsBySource } from "@/lib/overview/list-rejections-by-source";
import { sendJob, stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestSource } from "@/lib/testing/factories";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

/** A pinned `now` (the 10th at 12:30 UTC) and times relative to it ("09T13:00:00": the 9th), in one month. */
function month(number: number) {
  const prefix = `2031-${String(number).padStart(2, "0")}-`;
  return { now: new Date(`${prefix}10T12:30:00Z`), at: (iso: string) => new Date(`${prefix}${iso}Z`) };
}

async function seedEvent(sourceId: string, receivedAt: Date) {
  const body = Buffer.from("{}");
  await db().event.create({ data: { sourceId, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, receivedAt } });
}

/** One delivery to the destination made at `createdAt`, in `status` now, with attempts answered by these statuses (null: no answer). */
async function seedDelivery(destinationId: string, createdAt: Date, status: DeliveryStatus, statuses: Array<number | null>) {
  const created = await createTestDelivery({ destinationId });
  const delivery = await db().delivery.update({ where: { id: created.id }, data: { createdAt, status, attempts: statuses.length, lastStatus: statuses.at(-1) ?? null } });
  const startedAt = createdAt;
  await db().deliveryAttempt.createMany({
    data: statuses.map((responseStatus, index) => ({
      deliveryId: delivery.id,
      number: index + 1,
      startedAt: new Date(startedAt.getTime() + index * 1000),
      durationMs: 10,
      requestUrl: "http://127.0.0.1:9/hook",
      requestHeaders: {},
      responseStatus,
      errorClass: responseStatus === null ? "timeout" : responseStatus < 300 ? null : "http_status",
    })),
  });
  return delivery;
}

async function seedRejections(sourceId: string, rows: Array<{ reason: string; receivedAt: Date }>) {
  await db().rejectedRequest.createMany({ data: rows.map((row) => ({ sourceId, status: 401, message: "refused", ...row })) });
}

describe("overview figures", () => {
  it("counts events, and deliveries once each by their outcome now (not attempts), per bucket, for a day and for an hour", async () => {
    const { now, at } = month(3);
    const source = await createTestSource();
    for (const time of ["09T12:59:59", "09T13:00:00", "10T10:59:59", "10T12:10:00", "10T12:14:59", "10T12:30:00"]) await seedEvent(source.id, at(time));
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    // Three attempts (500, no answer, 200) are one delivery that succeeded.
    await seedDelivery(destination.id, at("10T12:05:00"), "succeeded", [500, null, 200]);
    await seedDelivery(destination.id, at("10T12:06:00"), "failed", [500, 500]);
    await seedDelivery(destination.id, at("10T12:07:00"), "retrying", [503]);
    await seedDelivery(destination.id, at("10T11:15:00"), "succeeded", [204]);

    const day = await getActivity({ range: "day", now });
    expect(day.buckets).toHaveLength(24);
    expect(day.from).toEqual(at("09T13:00:00"));
    expect(day.to).toEqual(at("10T13:00:00"));
    const dayCounts = new Map(day.buckets.map((bucket) => [bucket.start.toISOString(), bucket]));
    expect(dayCounts.get("2031-03-09T13:00:00.000Z")).toMatchObject({ events: 1, succeeded: 0, failed: 0, inProgress: 0 });
    expect(dayCounts.get("2031-03-10T10:00:00.000Z")).toMatchObject({ events: 1 });
    expect(dayCounts.get("2031-03-10T11:00:00.000Z")).toMatchObject({ events: 0, succeeded: 1, failed: 0 });
    expect(dayCounts.get("2031-03-10T12:00:00.000Z")).toMatchObject({ events: 3, succeeded: 1, failed: 1, inProgress: 1 });
    // The event a second before the first bucket is left out.
    expect(day.totals).toEqual({ events: 5, deliveries: 4, succeeded: 2, failed: 1, inProgress: 1, cancelled: 0, successRate: 2 / 3 });

    const hour = await getActivity({ range: "hour", now });
    expect(hour.buckets.map((bucket) => bucket.start.toISOString().slice(11, 16))).toEqual(
      ["11:35", "11:40", "11:45", "11:50", "11:55", "12:00", "12:05", "12:10", "12:15", "12:20", "12:25", "12:30"],
    );
    expect(hour.buckets.map((bucket) => bucket.events)).toEqual([0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
    expect(hour.buckets.map((bucket) => bucket.failed)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);

    const week = await getActivity({ range: "week", now });
    expect(week.buckets).toHaveLength(28);
    expect(week.buckets.at(-1)?.start).toEqual(at("10T12:00:00"));
    expect(week.totals.events).toBe(6);
  });

  it("after a recovery (failed deliveries retried and delivered) shows 100 % delivered and no failing destination, though attempts failed", async () => {
    const { now, at } = month(5);
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/recovered" });
    const deliveries = [];
    for (let i = 0; i < 12; i += 1) deliveries.push(await seedDelivery(destination.id, at(`10T12:${String(10 + i).padStart(2, "0")}:00`), "failed", [500, 500]));
    for (let i = 0; i < 3; i += 1) await seedDelivery(destination.id, at(`10T12:${String(25 + i).padStart(2, "0")}:00`), "succeeded", [200]);
    const before = await getActivity({ range: "hour", now });
    expect(before.totals).toMatchObject({ succeeded: 3, failed: 12, successRate: 0.2 });
    expect(await listFailingDestinations({ range: "hour", now })).toEqual([
      { id: destination.id, name: destination.name, state: "active", circuitState: "closed", failed: 12, finished: 15, successRate: 0.2 },
    ]);

    // Retried and delivered: a third attempt each, which succeeded. 24 failed attempts remain in the history.
    for (const delivery of deliveries) {
      await db().deliveryAttempt.create({ data: { deliveryId: delivery.id, number: 3, startedAt: at("10T12:29:00"), durationMs: 10, requestUrl: "http://127.0.0.1:9/recovered", requestHeaders: {}, responseStatus: 200 } });
      await db().delivery.update({ where: { id: delivery.id }, data: { status: "succeeded", attempts: 3, lastStatus: 200 } });
    }
    const after = await getActivity({ range: "hour", now });
    expect(after.totals).toMatchObject({ deliveries: 15, succeeded: 15, failed: 0, successRate: 1 });
    expect(await listFailingDestinations({ range: "hour", now })).toEqual([]);
  });

  it("lists the destinations with the most failed deliveries in the range, with the share delivered and their circuit", async () => {
    const { now, at } = month(4);
    const worst = await createTestDestination({ url: "http://127.0.0.1:9/worst" });
    const flaky = await createTestDestination({ url: "http://127.0.0.1:9/flaky" });
    const healthy = await createTestDestination({ url: "http://127.0.0.1:9/healthy" });
    await seedDelivery(worst.id, at("10T12:20:00"), "failed", [503, 503]);
    await seedDelivery(worst.id, at("10T12:20:30"), "failed", [null]);
    await seedDelivery(worst.id, at("10T12:20:40"), "succeeded", [200]);
    await seedDelivery(worst.id, at("10T12:20:50"), "retrying", [500]);
    await db().destination.update({ where: { id: worst.id }, data: { circuitState: "open", circuitOpenedAt: now, circuitNextProbeAt: now } });
    await seedDelivery(flaky.id, at("10T12:21:00"), "failed", [500]);
    await seedDelivery(flaky.id, at("10T12:22:00"), "succeeded", [500, 200]);
    await seedDelivery(flaky.id, at("10T12:22:30"), "succeeded", [200]);
    await seedDelivery(flaky.id, at("10T12:22:40"), "succeeded", [200]);
    await seedDelivery(healthy.id, at("10T12:23:00"), "succeeded", [200]);
    // Failures before the range do not count.
    for (let i = 0; i < 5; i += 1) await seedDelivery(flaky.id, at(`08T12:0${i}:00`), "failed", [500]);

    const hour = await listFailingDestinations({ range: "hour", now });
    expect(hour).toEqual([
      { id: worst.id, name: worst.name, state: "active", circuitState: "open", failed: 2, finished: 3, successRate: 1 / 3 },
      { id: flaky.id, name: flaky.name, state: "active", circuitState: "closed", failed: 1, finished: 4, successRate: 0.75 },
    ]);
    const week = await listFailingDestinations({ range: "week", now });
    expect(week[0]).toMatchObject({ id: flaky.id, failed: 6, finished: 9 });
  });

  it("says what is failing now, apart from history: open circuits, paused and failing destinations, retrying deliveries", async () => {
    const { at } = month(6);
    const before = await getFailingNow({ limit: 1000 });
    const open = await createTestDestination({ url: "http://127.0.0.1:9/open" });
    const paused = await createTestDestination({ url: "http://127.0.0.1:9/paused" });
    const failing = await createTestDestination({ url: "http://127.0.0.1:9/failing" });
    const fine = await createTestDestination({ url: "http://127.0.0.1:9/fine" });
    await db().destination.update({ where: { id: open.id }, data: { circuitState: "open", circuitOpenedAt: new Date(), circuitNextProbeAt: new Date(), consecutiveFailures: 12 } });
    await db().destination.update({ where: { id: paused.id }, data: { state: "paused", pausedAt: new Date() } });
    await db().destination.update({ where: { id: failing.id }, data: { consecutiveFailures: 3, failingSince: at("10T12:00:00") } });
    await seedDelivery(failing.id, at("10T12:00:00"), "retrying", [500]);
    await seedDelivery(failing.id, at("10T12:01:00"), "failed", [500]);
    await seedDelivery(fine.id, at("10T12:02:00"), "succeeded", [200]);

    const now = await getFailingNow({ limit: 1000 });
    const mine = now.destinations.filter((destination) => [open.id, paused.id, failing.id, fine.id].includes(destination.id));
    expect(mine).toEqual([
      { id: open.id, name: open.name, reason: "circuit_open", consecutiveFailures: 12, failingSince: null, waiting: 0 },
      { id: paused.id, name: paused.name, reason: "paused", consecutiveFailures: 0, failingSince: null, waiting: 0 },
      { id: failing.id, name: failing.name, reason: "failing", consecutiveFailures: 3, failingSince: at("10T12:00:00"), waiting: 1 },
    ]);
    expect(now.destinationCount - before.destinationCount).toBe(3);
    expect(now.retryingDeliveries - before.retryingDeliveries).toBe(1);
    expect(now.failedDeliveries - before.failedDeliveries).toBe(1);
  });

  it("counts each source's rejected requests in the range, most first, with the usual reason", async () => {
    const { now, at } = month(5);
    const noisy = await createTestSource();
    const quiet = await createTestSource();
    const old = await createTestSource();
    await seedRejections(noisy.id, [
      { reason: "signature_invalid", receivedAt: at("10T12:00:00") },
      { reason: "signature_invalid", receivedAt: at("10T12:01:00") },
      { reason: "payload_too_large", receivedAt: at("10T12:29:00") },
    ]);
    await seedRejections(quiet.id, [{ reason: "source_disabled", receivedAt: at("10T11:00:00") }]);
    await seedRejections(old.id, [{ reason: "ip_not_allowed", receivedAt: at("01T00:00:00") }]);

    expect(await listRejectionsBySource({ range: "day", now })).toEqual([
      { id: noisy.id, name: noisy.name, rejected: 3, topReason: "signature_invalid", lastAt: at("10T12:29:00") },
      { id: quiet.id, name: quiet.name, rejected: 1, topReason: "source_disabled", lastAt: at("10T11:00:00") },
    ]);
    expect((await listRejectionsBySource({ range: "hour", now })).map((row) => row.id)).toEqual([noisy.id]);
  });

  it("counts the jobs waiting in each queue, and those scheduled for later", async () => {
    const depth = async () => (await getQueueDepth()).find((queue) => queue.name === "route-event")!;
    const before = await depth();
    await sendJob({ name: "route-event", payload: { eventId: randomUUID() } });
    await sendJob({ name: "route-event", payload: { eventId: randomUUID() }, startAfter: new Date(Date.now() + 3_600_000) });
    const after = await depth();
    expect(after.ready).toBe(before.ready + 1);
    expect(after.scheduled).toBe(before.scheduled + 1);
    expect(after.oldestReadyAt).not.toBeNull();
    expect(after.oldestReadyAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(after.readyItems).toBe(before.readyItems + 1);
    const names = (await getQueueDepth()).map((queue) => queue.name);
    expect(names).toEqual(expect.arrayContaining(["deliver", "route-event"]));
    expect(names.filter((name) => name.startsWith("__pgboss"))).toEqual([]);
  });

  it("counts the events and deliveries the waiting jobs name, not only the jobs", async () => {
    const depthOf = async (name: string) => (await getQueueDepth()).find((queue) => queue.name === name)!;
    const [routing, delivering] = [await depthOf("route-event"), await depthOf("deliver")];
    // One receiver commit's job names all its events; a delivery job up to JOB_DELIVERIES deliveries.
    await sendJob({ name: "route-event", payload: { eventIds: [randomUUID(), randomUUID(), randomUUID()] } });
    await sendJob({ name: "deliver", payload: { deliveryIds: [randomUUID(), randomUUID()] } });
    await sendJob({ name: "deliver", payload: { deliveryId: randomUUID() } });
    // Scheduled for later: not waiting, so not counted.
    await sendJob({ name: "deliver", payload: { deliveryIds: [randomUUID(), randomUUID()] }, startAfter: new Date(Date.now() + 3_600_000) });
    expect(await depthOf("route-event")).toMatchObject({ ready: routing.ready + 1, readyItems: routing.readyItems + 3 });
    expect(await depthOf("deliver")).toMatchObject({ ready: delivering.ready + 2, readyItems: delivering.readyItems + 3, scheduled: delivering.scheduled + 1 });
  });
});
