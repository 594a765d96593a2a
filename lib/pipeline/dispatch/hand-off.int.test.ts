// The hand-off from routing to delivery in one worker: attempted at once, with one safety-net job per
// routed batch that is due only later and deleted once the attempts are recorded (several batches'
// in one statement, a moment later); kept when the worker dies first or an attempt fails on our
// side; and routing falls back to the queue when the hand-off is full.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { attemptDeliveries } from "@/lib/pipeline/dispatch/attempt-delivery";
import { DeliveryHandOff, safetyNetDelaySeconds, type DeliveryHandOffOptions } from "@/lib/pipeline/dispatch/hand-off";
import { routeEvents } from "@/lib/pipeline/routing/route-events";
import { sender, stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestSource, TEST_ACTOR } from "@/lib/testing/factories";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
  await stopSender();
  await disconnectDb();
});

const TIMEOUT_MS = 4000;

/** A source whose one rule forwards everything to a destination at the sink, and one stored event of it. */
async function routedSetUp() {
  const source = await createTestSource();
  const destination = await createTestDestination({ url: `${sink.url}/hand-off`, timeoutMs: TIMEOUT_MS });
  await createRule({
    sourceId: source.id,
    actor: TEST_ACTOR,
    input: { name: "Everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] },
  });
  const body = Buffer.from(JSON.stringify({ hello: "world" }));
  const event = await db().event.create({ data: { sourceId: source.id, method: "POST", headers: { "content-type": "application/json" }, contentType: "application/json", body, bodySize: body.length, payload: { hello: "world" } } });
  return { destination, event };
}

/** The queue's deliver jobs of an event's deliveries (routing's fallback when the hand-off has no room), by delivery. */
async function deliverJobs(eventId: string) {
  return db().$queryRaw<Array<{ id: string; state: string; due_in_seconds: number; delivery_id: string }>>`
    SELECT j.id, j.state::text AS state, extract(epoch FROM j.start_after - now())::float8 AS due_in_seconds, d.id AS delivery_id
    FROM deliveries d JOIN pgboss.job j ON j.name = 'deliver'
      AND (j.data->>'deliveryId' = d.id::text OR j.data->'deliveryIds' @> jsonb_build_array(d.id::text))
    WHERE d.event_id = ${eventId}::uuid`;
}

/** The safety-net jobs covering any of these events' deliveries. */
async function safetyNetJobs(...eventIds: string[]) {
  return db().$queryRaw<Array<{ id: string; state: string; due_in_seconds: number; delivery_ids: string[] }>>`
    SELECT j.id, j.state::text AS state, extract(epoch FROM j.start_after - now())::float8 AS due_in_seconds, j.data->'deliveryIds' AS delivery_ids
    FROM pgboss.job j
    WHERE j.name = 'deliver-handed-off'
      AND EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = ANY(${eventIds}::uuid[]) AND j.data->'deliveryIds' ? d.id::text)`;
}

async function handOffWith(options: Partial<DeliveryHandOffOptions> = {}) {
  const boss = await sender();
  return new DeliveryHandOff({
    attempt: (deliveryIds, destinations) => attemptDeliveries({ deliveryIds, destinations }),
    forgetJobs: async (jobIds) => {
      await boss.deleteJob("deliver-handed-off", jobIds);
    },
    ...options,
  });
}

describe("the hand-off from routing to delivery", () => {
  it("attempts a routed delivery at once while its job waits as a safety net, then deletes the job", async () => {
    const { event } = await routedSetUp();
    const before = sink.requests.length;
    const seen: Array<Awaited<ReturnType<typeof safetyNetJobs>>> = [];
    const handOff = await handOffWith({
      attempt: async (deliveryIds) => {
        // What another worker would see while this one attempts: the job is there, not due.
        seen.push(await safetyNetJobs(event.id));
        return attemptDeliveries({ deliveryIds });
      },
    });

    expect(await routeEvents([{ eventId: event.id }], { handOff })).toEqual(["routed"]);
    await handOff.drain();

    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(1);
    expect(seen[0]![0]!.state).toBe("created");
    expect(seen[0]![0]!.due_in_seconds).toBeGreaterThan(safetyNetDelaySeconds(TIMEOUT_MS) - 5);
    expect(sink.requests.length - before).toBe(1);
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId: event.id } });
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(seen[0]![0]!.delivery_ids).toEqual([delivery.id]);
    expect(await safetyNetJobs(event.id)).toEqual([]);
    expect(await deliverJobs(event.id)).toEqual([]);
  });

  it("covers a routed batch's deliveries with one job, deleted once all are attempted", async () => {
    const { destination, event } = await routedSetUp();
    const others = await Promise.all(
      [1, 2].map((index) => {
        const body = Buffer.from(JSON.stringify({ index }));
        return db().event.create({ data: { sourceId: event.sourceId, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, payload: { index } } });
      }),
    );
    const eventIds = [event.id, ...others.map((other) => other.id)];
    let jobs: Awaited<ReturnType<typeof safetyNetJobs>> = [];
    const handOff = await handOffWith({
      attempt: async (deliveryIds, destinations) => {
        jobs = await safetyNetJobs(...eventIds);
        return attemptDeliveries({ deliveryIds, destinations });
      },
    });
    await routeEvents(eventIds.map((eventId) => ({ eventId })), { handOff });
    await handOff.drain();

    const deliveries = await db().delivery.findMany({ where: { eventId: { in: eventIds } } });
    expect(deliveries.map((delivery) => [delivery.destinationId, delivery.status])).toEqual(Array(3).fill([destination.id, "succeeded"]));
    expect(jobs).toHaveLength(1);
    expect([...jobs[0]!.delivery_ids].sort()).toEqual(deliveries.map((delivery) => delivery.id).sort());
    expect(await safetyNetJobs(...eventIds)).toEqual([]);
  });

  it("deletes the jobs of batches recorded close together in one statement, a moment later", async () => {
    const first = await routedSetUp();
    const second = await routedSetUp();
    const boss = await sender();
    const deletions: string[][] = [];
    // Long enough that only drain() deletes them here.
    const handOff = await handOffWith({
      forgetAfterMs: 60_000,
      forgetJobs: async (jobIds) => {
        deletions.push(jobIds);
        await boss.deleteJob("deliver-handed-off", jobIds);
      },
    });
    await routeEvents([{ eventId: first.event.id }], { handOff });
    await routeEvents([{ eventId: second.event.id }], { handOff });
    const jobIds = (await safetyNetJobs(first.event.id, second.event.id)).map((job) => job.id);
    expect(jobIds).toHaveLength(2);
    const statuses = () => db().delivery.findMany({ where: { eventId: { in: [first.event.id, second.event.id] } } }).then((rows) => rows.map((row) => row.status));
    await expect.poll(statuses).toEqual(["succeeded", "succeeded"]);
    // Both recorded; their jobs wait to be deleted together.
    expect(deletions).toEqual([]);
    expect(await safetyNetJobs(first.event.id, second.event.id)).toHaveLength(2);

    await handOff.drain();
    expect(deletions).toHaveLength(1);
    expect([...deletions[0]!].sort()).toEqual([...jobIds].sort());
    expect(await safetyNetJobs(first.event.id, second.event.id)).toEqual([]);
  });

  it("deletes recorded batches' jobs by itself, without a drain", async () => {
    const { event } = await routedSetUp();
    const handOff = await handOffWith({ forgetAfterMs: 50 });
    await routeEvents([{ eventId: event.id }], { handOff });
    expect(await safetyNetJobs(event.id)).toHaveLength(1);
    await expect.poll(() => safetyNetJobs(event.id)).toEqual([]);
    expect(await db().delivery.findFirstOrThrow({ where: { eventId: event.id } })).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("a deletion that fails leaves the jobs, to run when due as no-ops, and the hand-off goes on", async () => {
    const { event } = await routedSetUp();
    let tries = 0;
    const handOff = await handOffWith({
      forgetJobs: () => {
        tries += 1;
        return Promise.reject(new Error("Connection terminated unexpectedly"));
      },
    });
    await routeEvents([{ eventId: event.id }], { handOff });
    await handOff.drain();
    expect(tries).toBe(1);
    const [job] = await safetyNetJobs(event.id);
    expect(job).toMatchObject({ state: "created" });
    // Once due, it finds its delivery settled: nothing is sent again.
    const before = sink.requests.length;
    const results = await attemptDeliveries({ deliveryIds: job!.delivery_ids });
    expect([...results.values()]).toEqual([{ outcome: "finished", status: "succeeded" }]);
    expect(sink.requests.length).toBe(before);
  });

  it("a worker killed before attempting leaves the job, which no worker takes early and which delivers once it is due", async () => {
    const { event } = await routedSetUp();
    const before = sink.requests.length;
    // Killed: the hand-off never gets to attempt anything.
    const handOff = await handOffWith({ attempt: () => new Promise(() => undefined) });
    await routeEvents([{ eventId: event.id }], { handOff });

    const [job] = await safetyNetJobs(event.id);
    expect(job).toMatchObject({ state: "created" });
    expect(job!.due_in_seconds).toBeGreaterThan(safetyNetDelaySeconds(TIMEOUT_MS) - 5);
    expect(job!.due_in_seconds).toBeLessThanOrEqual(safetyNetDelaySeconds(TIMEOUT_MS));
    // Not due: a fetch by any other worker does not get it.
    const boss = await sender();
    const fetched = await boss.fetch("deliver-handed-off", { batchSize: 1000 });
    expect(fetched.map((fetchedJob) => fetchedJob.id)).not.toContain(job!.id);

    // Once due, any worker fetches it and attempts its deliveries, once.
    await db().$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'deliver-handed-off' AND id = ${job!.id}::uuid`;
    const [due] = await boss.fetch<{ deliveryIds: string[] }>("deliver-handed-off", { batchSize: 1000 }).then((jobs) => jobs.filter((fetchedJob) => fetchedJob.id === job!.id));
    expect(due?.data.deliveryIds).toEqual(job!.delivery_ids);
    await attemptDeliveries({ deliveryIds: due!.data.deliveryIds });
    expect(sink.requests.length - before).toBe(1);
    expect(await db().delivery.findFirstOrThrow({ where: { eventId: event.id } })).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("keeps the job of an attempt that failed on our side (the database went away)", async () => {
    const { event } = await routedSetUp();
    let forgotten = 0;
    const handOff = await handOffWith({
      attempt: (deliveryIds) => Promise.resolve(new Map(deliveryIds.map((id) => [id, new Error("Connection terminated unexpectedly")]))),
      forgetJobs: () => {
        forgotten += 1;
        return Promise.resolve();
      },
    });
    await routeEvents([{ eventId: event.id }], { handOff });
    await handOff.drain();
    expect(forgotten).toBe(0);
    expect(await safetyNetJobs(event.id)).toMatchObject([{ state: "created" }]);
  });

  it("leaves deliveries to the queue, due at once, when the hand-off is full or the worker is stopping", async () => {
    const full = await routedSetUp();
    const fullHandOff = await handOffWith({ maxPending: 0 });
    await routeEvents([{ eventId: full.event.id }], { handOff: fullHandOff });
    const [queued] = await deliverJobs(full.event.id);
    expect(queued!.due_in_seconds).toBeLessThanOrEqual(0);

    const stopping = await routedSetUp();
    const stoppingHandOff = await handOffWith();
    await stoppingHandOff.drain();
    expect(stoppingHandOff.accepts(1)).toBe(false);
    await routeEvents([{ eventId: stopping.event.id }], { handOff: stoppingHandOff });
    const [queuedWhileStopping] = await deliverJobs(stopping.event.id);
    expect(queuedWhileStopping!.due_in_seconds).toBeLessThanOrEqual(0);
  });
});
