import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { receive } from "@/lib/pipeline/ingest/receive";
import { stopSender } from "@/lib/queue";
import { routeEvent, routeEvents } from "@/lib/pipeline/routing/route-events";
import { ROUTE_JOB_EVENTS } from "@/lib/queue";
import { createTestSource, eventually, webhookRequest } from "@/lib/testing/factories";
import { whileDatabaseAway } from "@/lib/testing/test-database";
import { handleRouteEvents, ROUTE_TRANSACTION_EVENTS } from "@/worker/route-event";
import { startWorker } from "@/worker/start-worker";

let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  worker = await startWorker();
});

afterAll(async () => {
  await worker.stop();
  await stopSender();
  await disconnectDb();
});

describe("route-event", () => {
  it("the worker picks up a received event and routes it (no rules: unmatched)", async () => {
    const source = await createTestSource();
    const response = await receive({ key: source.key, request: webhookRequest(source.key) });
    const { eventId } = (await response.json()) as { eventId: string };

    const event = await eventually(async () => {
      const row = await db().event.findUniqueOrThrow({ where: { id: eventId } });
      return row.status === "unmatched" ? row : null;
    });
    expect(event.processedAt).toBeInstanceOf(Date);
    // pg-boss records the job's completion just after the handler returns.
    const jobs = await eventually(async () => {
      const rows = await db().$queryRaw<Array<{ state: string }>>`SELECT state FROM pgboss.job WHERE name = 'route-event' AND data->'eventIds' @> jsonb_build_array(${eventId}::text)`;
      return rows.every((row) => row.state !== "active") ? rows : null;
    });
    expect(jobs).toEqual([{ state: "completed" }]);
  });

  it("is idempotent: routing the same event again changes nothing", async () => {
    const source = await createTestSource();
    const event = await db().event.create({
      data: { sourceId: source.id, method: "POST", headers: {}, body: new Uint8Array(), bodySize: 0 },
    });
    expect(await routeEvent({ eventId: event.id })).toBe("routed");
    const first = await db().event.findUniqueOrThrow({ where: { id: event.id } });
    expect(await routeEvent({ eventId: event.id })).toBe("already_routed");
    const second = await db().event.findUniqueOrThrow({ where: { id: event.id } });
    expect(second.processedAt).toEqual(first.processedAt);
  });

  it("treats an event that no longer exists as done, not as an error", async () => {
    expect(await routeEvent({ eventId: "00000000-0000-4000-8000-000000000000" })).toBe("missing");
  });

  it("routes every event of a fetch whose jobs name more than one transaction takes, each once", async () => {
    const source = await createTestSource();
    const events = await db().event.createManyAndReturn({
      data: Array.from({ length: ROUTE_JOB_EVENTS + ROUTE_TRANSACTION_EVENTS }, () => ({ sourceId: source.id, method: "POST", headers: {}, body: new Uint8Array(), bodySize: 0 })),
      select: { id: true },
    });
    const ids = events.map((event) => event.id);
    const missing = "00000000-0000-4000-8000-000000000000";
    const outcomes = await handleRouteEvents([
      { eventIds: ids.slice(0, ROUTE_JOB_EVENTS) },
      // A job handed out again beside its copy, and a received event's own job: each event routed once.
      { eventIds: [...ids.slice(ROUTE_JOB_EVENTS - 1), missing] },
      { eventId: ids[0]! },
    ]);
    expect(outcomes).toEqual([undefined, undefined, undefined]);
    expect(await db().event.count({ where: { id: { in: ids }, status: "unmatched" } })).toBe(ids.length);
    const runs = await db().routingRun.groupBy({ by: ["eventId"], where: { eventId: { in: ids } }, _count: true });
    expect(runs).toHaveLength(ids.length);
    expect(runs.every((run) => run._count === 1)).toBe(true);
  });
});

describe("worker backlog", () => {
  it("drains jobs queued while no worker ran, not one batch per poll", async () => {
    await worker.stop();
    const source = await createTestSource();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await receive({ key: source.key, request: webhookRequest(source.key) });
      ids.push(((await response.json()) as { eventId: string }).eventId);
    }
    worker = await startWorker();
    await eventually(async () => (await db().event.count({ where: { id: { in: ids }, status: "unmatched" } })) === ids.length);
    expect(await db().event.count({ where: { id: { in: ids }, status: "received" } })).toBe(0);
  });
});

describe("route-event with the database going away mid-way", () => {
  it("a receiver job whose first transaction committed before the database went away routes the rest once it is back, each event once", async () => {
    const source = await createTestSource();
    const events = await db().event.createManyAndReturn({
      data: Array.from({ length: ROUTE_JOB_EVENTS }, () => ({ sourceId: source.id, method: "POST", headers: {}, body: new Uint8Array(), bodySize: 0 })),
      select: { id: true },
    });
    const ids = events.map((event) => event.id);
    // The job's first transaction went through...
    await routeEvents(ids.slice(0, ROUTE_TRANSACTION_EVENTS).map((eventId) => ({ eventId })));
    // ...then the database went away.
    await whileDatabaseAway(() => expect(handleRouteEvents([{ eventIds: ids }])).rejects.toThrow());
    // pg-boss runs the job again: every event routed, none twice.
    expect(await eventually(async () => (await handleRouteEvents([{ eventIds: ids }]).catch(() => null)) ?? null)).toEqual([undefined]);
    expect(await db().event.count({ where: { id: { in: ids }, status: "unmatched" } })).toBe(ids.length);
    const runs = await db().routingRun.groupBy({ by: ["eventId"], where: { eventId: { in: ids } }, _count: true });
    expect(runs.map((run) => run._count)).toEqual(ids.map(() => 1));
  }, 60_000);
});
