import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { getDestinationHealth, listDestinationHealth } from "@/lib/destinations/destination-health";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination } from "@/lib/testing/delivery-fixtures";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

const MINUTE = 60_000;

/** Attempts of one delivery with known start times (minutes ago), durations and outcomes. */
async function seedAttempts(deliveryId: string, attempts: Array<{ minutesAgo: number; durationMs: number; status: number | null; errorClass?: string; message?: string }>) {
  const now = Date.now();
  await db().deliveryAttempt.createMany({
    data: attempts.map((attempt, index) => ({
      deliveryId,
      number: index + 1,
      startedAt: new Date(now - attempt.minutesAgo * MINUTE),
      durationMs: attempt.durationMs,
      requestUrl: "https://example.com/hook",
      requestHeaders: {},
      responseStatus: attempt.status,
      errorClass: attempt.errorClass ?? (attempt.status !== null && attempt.status >= 300 ? "http_status" : null),
      errorMessage: attempt.message ?? null,
    })),
  });
}

describe("destination health", () => {
  it("counts attempts, success rate and latency percentiles per hour and day, the last error and the waiting deliveries", async () => {
    const destination = await createTestDestination({ url: "https://example.com/hook" });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "retrying" } });
    const done = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: done.id }, data: { status: "succeeded" } });
    const failingSince = new Date(Date.now() - 30 * 60_000);
    await db().destination.update({ where: { id: destination.id }, data: { consecutiveFailures: 4, failingSince } });
    await seedAttempts(delivery.id, [
      // More than a day ago: left out.
      { minutesAgo: 2 * 24 * 60, durationMs: 99_999, status: 500, message: "too old" },
      // Earlier today.
      { minutesAgo: 5 * 60, durationMs: 50, status: 200 },
      { minutesAgo: 4 * 60, durationMs: 60, status: 503, message: "The endpoint answered 503 Service Unavailable" },
      // The last hour.
      { minutesAgo: 50, durationMs: 100, status: 200 },
      { minutesAgo: 40, durationMs: 200, status: 204 },
      { minutesAgo: 30, durationMs: 300, status: 500, message: "The endpoint answered 500 Internal Server Error" },
      { minutesAgo: 20, durationMs: 400, status: 200 },
      { minutesAgo: 10, durationMs: 1000, status: null, errorClass: "timeout", message: "timed out after 1000 ms" },
    ]);

    const health = await getDestinationHealth({ id: destination.id });
    // Hour: 100, 200, 300, 400, 1000 ms; 3 of 5 got a 2xx. p95 interpolates: 400 + 0.8 × (1000 − 400).
    // Day: 50, 60, 100, 200, 300, 400, 1000 ms; 4 of 7. p95: 400 + 0.7 × 600.
    expect(health).toEqual({
      consecutiveFailures: 4,
      failingSince: failingSince.toISOString(),
      waiting: 1,
      lastHour: { attempts: 5, succeeded: 3, successRate: 0.6, p50Ms: 300, p95Ms: 880 },
      lastDay: { attempts: 7, succeeded: 4, successRate: 4 / 7, p50Ms: 200, p95Ms: 820 },
      lastError: { at: expect.any(String) as unknown, responseStatus: null, errorClass: "timeout", message: "timed out after 1000 ms" },
    });
    const attempts = await db().deliveryAttempt.findMany({ where: { deliveryId: delivery.id }, orderBy: { number: "asc" } });
    expect(health!.lastError!.at).toBe(attempts.at(-1)!.startedAt.toISOString());

    const summary = (await listDestinationHealth()).get(destination.id);
    expect(summary).toEqual({ consecutiveFailures: 4, lastHour: { attempts: 5, succeeded: 3, successRate: 0.6, p50Ms: 300, p95Ms: 880 } });
  });

  it("the last error is the most recent failure, whatever succeeded after it", async () => {
    const destination = await createTestDestination({ url: "https://example.com/hook" });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await seedAttempts(delivery.id, [
      { minutesAgo: 90, durationMs: 10, status: 502, message: "The endpoint answered 502 Bad Gateway" },
      { minutesAgo: 5, durationMs: 10, status: 200 },
    ]);
    const health = await getDestinationHealth({ id: destination.id });
    expect(health).toMatchObject({
      lastHour: { attempts: 1, succeeded: 1, successRate: 1 },
      lastDay: { attempts: 2, succeeded: 1, successRate: 0.5 },
      lastError: { responseStatus: 502, errorClass: "http_status", message: "The endpoint answered 502 Bad Gateway" },
    });
  });

  it("a destination without attempts has empty figures; an unknown one has none", async () => {
    const destination = await createTestDestination({ url: "https://example.com/quiet" });
    const empty = { attempts: 0, succeeded: 0, successRate: null, p50Ms: null, p95Ms: null };
    expect(await getDestinationHealth({ id: destination.id })).toEqual({
      consecutiveFailures: 0,
      failingSince: null,
      waiting: 0,
      lastHour: empty,
      lastDay: empty,
      lastError: null,
    });
    expect((await listDestinationHealth()).get(destination.id)).toEqual({ consecutiveFailures: 0, lastHour: empty });
    expect(await getDestinationHealth({ id: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    expect(await getDestinationHealth({ id: "nope" })).toBeNull();
  });
});
