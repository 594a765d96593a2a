// The overview's figures against the real database. Each test seeds rows in its own month of 2031,
// which no other test writes to, with `now` pinned there, so the counts are exact.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { getActivity } from "@/lib/overview/get-activity";
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

/** One delivery to the destination with attempts answered by these statuses (null: no answer). */
async function seedAttempts(destinationId: string, startedAt: Date, statuses: Array<number | null>) {
  const delivery = await createTestDelivery({ destinationId });
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
}

async function seedRejections(sourceId: string, rows: Array<{ reason: string; receivedAt: Date }>) {
  await db().rejectedRequest.createMany({ data: rows.map((row) => ({ sourceId, status: 401, message: "refused", ...row })) });
}

describe("overview figures", () => {
  it("counts events and delivery attempts per bucket, for a day and for an hour", async () => {
    const { now, at } = month(3);
    const source = await createTestSource();
    for (const time of ["09T12:59:59", "09T13:00:00", "10T10:59:59", "10T12:10:00", "10T12:14:59", "10T12:30:00"]) await seedEvent(source.id, at(time));
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await seedAttempts(destination.id, at("10T12:05:00"), [500, null, 200]);
    await seedAttempts(destination.id, at("10T11:15:00"), [204]);

    const day = await getActivity({ range: "day", now });
    expect(day.buckets).toHaveLength(24);
    expect(day.from).toEqual(at("09T13:00:00"));
    expect(day.to).toEqual(at("10T13:00:00"));
    const dayCounts = new Map(day.buckets.map((bucket) => [bucket.start.toISOString(), bucket]));
    expect(dayCounts.get("2031-03-09T13:00:00.000Z")).toMatchObject({ events: 1, succeeded: 0, failed: 0 });
    expect(dayCounts.get("2031-03-10T10:00:00.000Z")).toMatchObject({ events: 1 });
    expect(dayCounts.get("2031-03-10T11:00:00.000Z")).toMatchObject({ events: 0, succeeded: 1, failed: 0 });
    expect(dayCounts.get("2031-03-10T12:00:00.000Z")).toMatchObject({ events: 3, succeeded: 1, failed: 2 });
    // The event a second before the first bucket is left out.
    expect(day.totals).toEqual({ events: 5, succeeded: 2, failed: 2 });

    const hour = await getActivity({ range: "hour", now });
    expect(hour.buckets.map((bucket) => bucket.start.toISOString().slice(11, 16))).toEqual(
      ["11:35", "11:40", "11:45", "11:50", "11:55", "12:00", "12:05", "12:10", "12:15", "12:20", "12:25", "12:30"],
    );
    expect(hour.buckets.map((bucket) => bucket.events)).toEqual([0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
    expect(hour.buckets.map((bucket) => bucket.failed)).toEqual([0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0]);

    const week = await getActivity({ range: "week", now });
    expect(week.buckets).toHaveLength(28);
    expect(week.buckets.at(-1)?.start).toEqual(at("10T12:00:00"));
    expect(week.totals.events).toBe(6);
  });

  it("lists the destinations with the most failed attempts in the range, with their success rate and circuit", async () => {
    const { now, at } = month(4);
    const worst = await createTestDestination({ url: "http://127.0.0.1:9/worst" });
    const flaky = await createTestDestination({ url: "http://127.0.0.1:9/flaky" });
    const healthy = await createTestDestination({ url: "http://127.0.0.1:9/healthy" });
    await seedAttempts(worst.id, at("10T12:20:00"), [503, 503, null, 200]);
    await db().destination.update({ where: { id: worst.id }, data: { circuitState: "open", circuitOpenedAt: now, circuitNextProbeAt: now } });
    await seedAttempts(flaky.id, at("10T12:21:00"), [500, 200]);
    await seedAttempts(flaky.id, at("10T12:22:00"), [200, 200]);
    await seedAttempts(healthy.id, at("10T12:23:00"), [200]);
    // Failures before the range do not count.
    await seedAttempts(flaky.id, at("08T12:00:00"), [500, 500, 500, 500, 500]);

    const hour = await listFailingDestinations({ range: "hour", now });
    expect(hour).toEqual([
      { id: worst.id, name: worst.name, state: "active", circuitState: "open", failed: 3, attempts: 4, successRate: 0.25 },
      { id: flaky.id, name: flaky.name, state: "active", circuitState: "closed", failed: 1, attempts: 4, successRate: 0.75 },
    ]);
    const week = await listFailingDestinations({ range: "week", now });
    expect(week[0]).toMatchObject({ id: flaky.id, failed: 6, attempts: 9 });
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
    const names = (await getQueueDepth()).map((queue) => queue.name);
    expect(names).toEqual(expect.arrayContaining(["deliver", "route-event"]));
    expect(names.filter((name) => name.startsWith("__pgboss"))).toEqual([]);
  });
});
