// A batch of deliveries (what one `deliver` job batch does): split by destination, each
// destination's deliveries in one transaction over its concurrency slots. The single-delivery
// behaviours (signing, retries, the circuit, limits) are in attempt-delivery.int.test.ts; this
// file is about what batching adds and must not change.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb, pool } from "@/lib/db";
import { attemptDeliveries, attemptDelivery, GONE_REASON, type AttemptDeliveryResult } from "@/lib/pipeline/dispatch/attempt-delivery";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, TEST_CIRCUIT_POLICY, type Sink } from "@/lib/testing/delivery-fixtures";

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

async function deliveriesTo(destinationId: string, count: number) {
  const deliveries = [];
  for (let index = 0; index < count; index += 1) deliveries.push(await createTestDelivery({ destinationId, eventBody: JSON.stringify({ index }) }));
  return deliveries;
}

function outcomes(results: Map<string, AttemptDeliveryResult | Error>, ids: readonly string[]) {
  return ids.map((id) => {
    const result = results.get(id);
    return result instanceof Error ? "error" : result?.outcome;
  });
}

/** A promise the test settles: a request held for as long as it needs. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The destination's concurrency slots held right now, by any session (the keys destination-limits.ts uses). */
async function heldSlots(destinationId: string): Promise<Array<{ slot: number; pid: number }>> {
  const { rows } = await pool().query<{ slot: number; pid: number }>(
    `SELECT objid::int AS slot, pid FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = (hashtext($1) & 2147483647)::oid ORDER BY objid`,
    [`switchyard.destination-slot:${destinationId}`],
  );
  return rows;
}

async function deliverJobs(deliveryIds: readonly string[]) {
  return db().$queryRaw<Array<{ delivery_id: string; start_after: Date }>>`
    SELECT data->>'deliveryId' AS delivery_id, start_after FROM pgboss.job
    WHERE name = 'deliver' AND data->>'deliveryId' = ANY(${deliveryIds}::text[]) ORDER BY created_on`;
}

describe("attemptDeliveries: a batch", () => {
  it("delivers each destination's deliveries once, and answers for every id: gone, done, not due, duplicated", async () => {
    const first = await sink();
    const second = await sink();
    const toFirst = await createTestDestination({ url: first.url });
    const toSecond = await createTestDestination({ url: second.url });
    const [a, b, c] = await deliveriesTo(toFirst.id, 3);
    const [d] = await deliveriesTo(toSecond.id, 1);
    const [done] = await deliveriesTo(toSecond.id, 1);
    const [later] = await deliveriesTo(toSecond.id, 1);
    await db().delivery.update({ where: { id: done!.id }, data: { status: "succeeded", attempts: 1 } });
    await db().delivery.update({ where: { id: later!.id }, data: { status: "retrying", nextAttemptAt: new Date(Date.now() + 60_000) } });
    const gone = randomUUID();

    const ids = [a!.id, b!.id, gone, c!.id, d!.id, done!.id, later!.id, a!.id];
    const results = await attemptDeliveries({ deliveryIds: ids });
    expect(outcomes(results, [a!.id, b!.id, c!.id, d!.id, done!.id, later!.id, gone])).toEqual([
      "attempted",
      "attempted",
      "attempted",
      "attempted",
      "finished",
      "not_due",
      "missing",
    ]);
    expect(first.requests.map((request) => request.headers["webhook-id"]).sort()).toEqual([a!.webhookId, b!.webhookId, c!.webhookId].sort());
    expect(second.requests.map((request) => request.headers["webhook-id"])).toEqual([d!.webhookId]);
    for (const delivery of [a!, b!, c!, d!]) {
      expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "succeeded", attempts: 1, lastStatus: 200 });
      expect(await db().deliveryAttempt.count({ where: { deliveryId: delivery.id } })).toBe(1);
    }
    expect(await db().delivery.findUniqueOrThrow({ where: { id: later!.id } })).toMatchObject({ status: "retrying", attempts: 0 });
  });

  it("works through more deliveries than slots without deferring any, never more than maxConcurrency in flight", async () => {
    const target = await sink(() => ({ delayMs: 30 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 3 });
    const deliveries = await deliveriesTo(destination.id, 12);
    const results = await attemptDeliveries({ deliveryIds: deliveries.map((delivery) => delivery.id) });
    expect(new Set(outcomes(results, deliveries.map((delivery) => delivery.id)))).toEqual(new Set(["attempted"]));
    expect(target.requests).toHaveLength(12);
    expect(target.maxInFlight).toBe(3);
  });

  it("two batches of one destination at once in one process go in turn or together, instead of deferring each other", async () => {
    const target = await sink(() => ({ delayMs: 20 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 2 });
    const deliveries = await deliveriesTo(destination.id, 12);
    const ids = deliveries.map((delivery) => delivery.id);
    const [one, two] = await Promise.all([attemptDeliveries({ deliveryIds: ids.slice(0, 6) }), attemptDeliveries({ deliveryIds: ids.slice(6) })]);
    expect([...outcomes(one, ids.slice(0, 6)), ...outcomes(two, ids.slice(6))]).toEqual(Array(12).fill("attempted"));
    expect(target.maxInFlight).toBe(2);
  });

  it("another process holding every slot past the wait: the batch is deferred a moment, untouched", async () => {
    const target = await sink(() => ({ delayMs: 600 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 1 });
    const [busy, ...rest] = await deliveriesTo(destination.id, 3);
    // A single attempt (its own transaction, as another worker's) takes the only slot first.
    const holding = attemptDelivery({ deliveryId: busy!.id });
    while (target.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const results = await attemptDeliveries({ deliveryIds: rest.map((delivery) => delivery.id), slotWaitMs: 1 });
    expect(await holding).toMatchObject({ outcome: "attempted" });
    for (const delivery of rest) {
      expect(results.get(delivery.id)).toMatchObject({ outcome: "deferred", reason: "concurrency" });
      expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", attempts: 0 });
    }
    expect((await deliverJobs(rest.map((delivery) => delivery.id))).map((job) => job.delivery_id).sort()).toEqual(rest.map((delivery) => delivery.id).sort());
  });

  it("another process holding every slot: the batch waits for its commit and goes through, nothing deferred", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 2 });
    const batch = await deliveriesTo(destination.id, 3);
    // Another worker's transaction holding both slots (the keys destination-limits.ts uses).
    const holder = await pool().connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock(hashtext($1) & 2147483647, slot) FROM generate_series(0, 1) AS slot", [`switchyard.destination-slot:${destination.id}`]);
      const attempting = attemptDeliveries({ deliveryIds: batch.map((delivery) => delivery.id), slotWaitMs: 60_000 });
      // Wait until the batch is blocked on a slot, then let the other transaction end.
      for (;;) {
        const { rows } = await pool().query<{ waiting: number }>("SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        if (rows[0]!.waiting > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(target.requests).toHaveLength(0);
      await holder.query("COMMIT");
      const results = await attempting;
      expect(outcomes(results, batch.map((delivery) => delivery.id))).toEqual(["attempted", "attempted", "attempted"]);
      expect(target.maxInFlight).toBeLessThanOrEqual(2);
      expect(await deliverJobs(batch.map((delivery) => delivery.id))).toEqual([]);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      holder.release();
    }
  });

  it("a rate-limited destination's deliveries are admitted one by one: the rest are deferred", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url, rateLimitPerSecond: 2 });
    const deliveries = await deliveriesTo(destination.id, 6);
    const results = await attemptDeliveries({ deliveryIds: deliveries.map((delivery) => delivery.id) });
    const counted = outcomes(results, deliveries.map((delivery) => delivery.id));
    expect(counted.filter((outcome) => outcome === "attempted")).toHaveLength(2);
    expect(counted.filter((outcome) => outcome === "deferred")).toHaveLength(4);
    expect(target.requests).toHaveLength(2);
  });

  it("a split the caller knew from before (no rate limit then) still holds a rate limit added since", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url, rateLimitPerSecond: 2 });
    const ids = (await deliveriesTo(destination.id, 6)).map((delivery) => delivery.id);
    const stale = new Map(ids.map((id) => [id, { id: destination.id, rateLimited: false }]));
    const counted = outcomes(await attemptDeliveries({ deliveryIds: ids, destinations: stale }), ids);
    // One transaction for all six, as the caller split them: it admits one, and defers the rest.
    expect(counted.filter((outcome) => outcome === "attempted")).toHaveLength(1);
    expect(counted.filter((outcome) => outcome === "deferred")).toHaveLength(5);
    expect(target.requests).toHaveLength(1);
  });

  it("starts no new request once its time is up: the rest go again at once, on fresh jobs", async () => {
    const target = await sink(() => ({ delayMs: 2500 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 1 });
    const deliveries = await deliveriesTo(destination.id, 3);
    const ids = deliveries.map((delivery) => delivery.id);
    const before = new Date();
    const results = await attemptDeliveries({ deliveryIds: ids });
    expect(outcomes(results, ids)).toEqual(["attempted", "deferred", "deferred"]);
    expect(target.requests).toHaveLength(1);
    const jobs = await deliverJobs(ids.slice(1));
    expect(jobs.map((job) => job.delivery_id).sort()).toEqual(ids.slice(1).sort());
    // Due at once: no later than when the batch was done.
    for (const job of jobs) expect(job.start_after.getTime()).toBeLessThanOrEqual(Date.now());
    for (const job of jobs) expect(job.start_after.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });
});

describe("attemptDeliveries: a destination's health from a batch", () => {
  it("counts the failures after the last success, the streak starting at the first of them", async () => {
    // One slot: the requests go in the batch's order, so the last to finish is known.
    const answers = [500, 500, 200, 503, 500];
    const target = await sink((_request, index) => ({ status: answers[index] ?? 200 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 1 });
    const deliveries = await deliveriesTo(destination.id, 5);
    const ids = deliveries.map((delivery) => delivery.id);
    const results = await attemptDeliveries({ deliveryIds: ids });
    for (const id of ids) expect(results.get(id)).toMatchObject({ outcome: "attempted", consecutiveFailures: 2 });
    const fourth = await db().deliveryAttempt.findFirstOrThrow({ where: { deliveryId: ids[3] } });
    expect(await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({
      consecutiveFailures: 2,
      failingSince: fourth.startedAt,
    });
    expect(outcomes(results, ids)).toEqual(Array(5).fill("attempted"));
    expect((await db().delivery.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: "asc" } })).map((row) => row.status)).toEqual([
      "retrying",
      "retrying",
      "succeeded",
      "retrying",
      "retrying",
    ]);
    // Every retry has its job.
    expect((await deliverJobs(ids)).map((job) => job.delivery_id).sort()).toEqual([ids[0], ids[1], ids[3], ids[4]].sort());
  });

  it("failures only add to the streak under way, which keeps its start", async () => {
    const target = await sink(() => ({ status: 500 }));
    const destination = await createTestDestination({ url: target.url });
    const since = new Date(Date.now() - 5000);
    await db().destination.update({ where: { id: destination.id }, data: { consecutiveFailures: 4, failingSince: since } });
    const deliveries = await deliveriesTo(destination.id, 3);
    await attemptDeliveries({ deliveryIds: deliveries.map((delivery) => delivery.id) });
    expect(await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({ consecutiveFailures: 7, failingSince: since });
  });

  it("a batch that fails long enough opens the circuit once, named on one attempt, with its probe job", async () => {
    const target = await sink(() => ({ status: 503 }));
    const destination = await createTestDestination({ url: target.url });
    await db().destination.update({
      where: { id: destination.id },
      data: { consecutiveFailures: TEST_CIRCUIT_POLICY.minFailures, failingSince: new Date(Date.now() - (TEST_CIRCUIT_POLICY.openAfterSeconds + 5) * 1000) },
    });
    const deliveries = await deliveriesTo(destination.id, 4);
    const results = await attemptDeliveries({ deliveryIds: deliveries.map((delivery) => delivery.id), circuitPolicy: TEST_CIRCUIT_POLICY });
    const opened = [...results.values()].filter((result) => !(result instanceof Error) && result.outcome === "attempted" && result.circuit?.change === "opened");
    expect(opened).toHaveLength(1);
    expect(await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({ circuitState: "open" });
    expect(await db().destinationCircuitEvent.count({ where: { destinationId: destination.id, toState: "open" } })).toBe(1);
    const probes = await db().$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = 'probe-destination' AND data->>'destinationId' = ${destination.id}`;
    expect(Number(probes[0]!.n)).toBe(1);
  });

  it("a 410 among them pauses the destination once; the others' outcomes are recorded as they were", async () => {
    const answers = [200, 410, 500];
    const target = await sink((_request, index) => ({ status: answers[index] ?? 200 }));
    const destination = await createTestDestination({ url: target.url, maxConcurrency: 1 });
    const deliveries = await deliveriesTo(destination.id, 3);
    const ids = deliveries.map((delivery) => delivery.id);
    const results = await attemptDeliveries({ deliveryIds: ids });
    expect(results.get(ids[1]!)).toMatchObject({ outcome: "attempted", status: "failed", pausedDestination: GONE_REASON });
    expect(results.get(ids[0]!)).toMatchObject({ status: "succeeded", pausedDestination: null });
    expect(results.get(ids[2]!)).toMatchObject({ status: "retrying", pausedDestination: null });
    expect(await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({ state: "paused" });
    expect(await db().auditLog.count({ where: { targetId: destination.id, action: "destination.paused" } })).toBe(1);
  });
});

describe("attemptDeliveries: faults", () => {
  it("a destination whose transaction fails answers its ids with the error, rolls back, and leaves the other destinations' done", async () => {
    const healthy = await sink();
    const broken = await sink();
    const toHealthy = await createTestDestination({ url: healthy.url });
    const toBroken = await createTestDestination({ url: broken.url });
    const good = await deliveriesTo(toHealthy.id, 2);
    const bad = await deliveriesTo(toBroken.id, 2);
    // A real database error while recording this destination's attempts, and only this one's.
    const trigger = `fail_attempts_${randomUUID().replaceAll("-", "")}`;
    await db().$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.request_url = '${broken.url}' THEN RAISE EXCEPTION 'disk full (test)'; END IF;
        RETURN NEW;
      END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE INSERT ON delivery_attempts FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      const results = await attemptDeliveries({ deliveryIds: [...good, ...bad].map((delivery) => delivery.id) });
      for (const delivery of bad) {
        const result = results.get(delivery.id);
        expect(result).toBeInstanceOf(Error);
        expect((result as Error).message).toContain("disk full (test)");
        expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", attempts: 0 });
      }
      expect(outcomes(results, good.map((delivery) => delivery.id))).toEqual(["attempted", "attempted"]);
      // Sent but not recorded: the job's retry sends it again (at least once).
      expect(broken.requests).toHaveLength(2);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER ${trigger} ON delivery_attempts`);
      await db().$executeRawUnsafe(`DROP FUNCTION ${trigger}()`);
    }
  });

  describe("a request that hangs", () => {
    it("holds its own slot only: the destination's next deliveries in this process go out on the others meanwhile", async () => {
      const straggler = gate();
      const target = await sink((_request, index) => (index === 0 ? { until: straggler.promise } : {}));
      const destination = await createTestDestination({ url: target.url, maxConcurrency: 3, timeoutMs: 20_000 });
      const [a, b, c, d] = await deliveriesTo(destination.id, 4);
      let firstEnded = false;
      const first = attemptDeliveries({ deliveryIds: [a!.id, b!.id] }).finally(() => (firstEnded = true));
      while (target.requests.length < 2) await sleep(10);

      // The next batch of the destination goes through while the straggler's transaction is still open.
      const second = await attemptDeliveries({ deliveryIds: [c!.id, d!.id] });
      expect(outcomes(second, [c!.id, d!.id])).toEqual(["attempted", "attempted"]);
      expect(firstEnded).toBe(false);
      expect(await heldSlots(destination.id)).toHaveLength(1);

      straggler.open();
      expect(outcomes(await first, [a!.id, b!.id])).toEqual(["attempted", "attempted"]);
      expect(target.requests).toHaveLength(4);
      expect(target.maxInFlight).toBeLessThanOrEqual(3);
      expect(await heldSlots(destination.id)).toEqual([]);
      const statuses = await db().delivery.findMany({ where: { id: { in: [a!.id, b!.id, c!.id, d!.id] } }, select: { status: true, attempts: true } });
      expect(statuses).toEqual(Array.from({ length: 4 }, () => ({ status: "succeeded", attempts: 1 })));
    });

    it("alone in its transaction, it does not hold up the destination's next deliveries in this process", async () => {
      const straggler = gate();
      const target = await sink((_request, index) => (index === 0 ? { until: straggler.promise } : {}));
      const destination = await createTestDestination({ url: target.url, maxConcurrency: 2, timeoutMs: 20_000 });
      const [a, b] = await deliveriesTo(destination.id, 2);
      let firstEnded = false;
      const first = attemptDeliveries({ deliveryIds: [a!.id] }).finally(() => (firstEnded = true));
      while (target.requests.length < 1) await sleep(10);

      expect(outcomes(await attemptDeliveries({ deliveryIds: [b!.id] }), [b!.id])).toEqual(["attempted"]);
      expect(firstEnded).toBe(false);
      straggler.open();
      expect(outcomes(await first, [a!.id])).toEqual(["attempted"]);
    });

    it("the database cutting the connection of the transaction ahead, while the one it let past is under way: only the first's deliveries fail", async () => {
      const straggler = gate();
      const secondHeld = gate();
      const target = await sink((_request, index) => (index === 0 ? { until: straggler.promise } : index === 2 ? { until: secondHeld.promise } : {}));
      const destination = await createTestDestination({ url: target.url, maxConcurrency: 3, timeoutMs: 20_000 });
      const [a, b, c, d] = await deliveriesTo(destination.id, 4);
      const first = attemptDeliveries({ deliveryIds: [a!.id, b!.id] });
      // b answered and its slot given back: the first transaction holds only the hanging request's.
      while (target.requests.length < 2 || (await heldSlots(destination.id)).length > 1) await sleep(10);
      const [firstSlot] = await heldSlots(destination.id);
      // The second transaction opens behind the first and has a request out too.
      const second = attemptDeliveries({ deliveryIds: [c!.id, d!.id] });
      while (target.requests.length < 3) await sleep(10);
      expect((await heldSlots(destination.id)).map((held) => held.pid)).toContain(firstSlot!.pid);
      await pool().query("SELECT pg_terminate_backend($1)", [firstSlot!.pid]);
      straggler.open();
      secondHeld.open();

      const firstResults = await first;
      expect(outcomes(firstResults, [a!.id, b!.id])).toEqual(["error", "error"]);
      expect(outcomes(await second, [c!.id, d!.id])).toEqual(["attempted", "attempted"]);
      expect(await heldSlots(destination.id)).toEqual([]);
      // Sent, not recorded: the next attempt sends them again and records them.
      expect(outcomes(await attemptDeliveries({ deliveryIds: [a!.id, b!.id] }), [a!.id, b!.id])).toEqual(["attempted", "attempted"]);
      const statuses = await db().delivery.findMany({ where: { id: { in: [a!.id, b!.id, c!.id, d!.id] } }, select: { status: true, attempts: true } });
      expect(statuses).toEqual(Array.from({ length: 4 }, () => ({ status: "succeeded", attempts: 1 })));
    });

    it("gives back the slots of its transaction's answered requests: another worker's attempt takes one at once", async () => {
      const straggler = gate();
      const target = await sink((_request, index) => (index === 0 ? { until: straggler.promise } : {}));
      const destination = await createTestDestination({ url: target.url, maxConcurrency: 2, timeoutMs: 20_000 });
      const [a, b, c] = await deliveriesTo(destination.id, 3);
      let firstEnded = false;
      const first = attemptDeliveries({ deliveryIds: [a!.id, b!.id] }).finally(() => (firstEnded = true));
      while (target.requests.length < 2 || (await heldSlots(destination.id)).length > 1) await sleep(10);

      // A single attempt is its own transaction, as another worker's would be, and it does not wait for a slot.
      expect(await attemptDelivery({ deliveryId: c!.id })).toMatchObject({ outcome: "attempted", status: "succeeded" });
      expect(firstEnded).toBe(false);
      straggler.open();
      expect(outcomes(await first, [a!.id, b!.id])).toEqual(["attempted", "attempted"]);
      expect(target.maxInFlight).toBeLessThanOrEqual(2);
    });

    it("a transaction that began on one free slot takes the others as they are given back", async () => {
      const holderDone = gate();
      const threeInFlight = gate();
      const target = await sink((_request, index) => {
        if (index === 0) return { until: holderDone.promise };
        if (index === 3) threeInFlight.open();
        return { until: threeInFlight.promise };
      });
      const destination = await createTestDestination({ url: target.url, maxConcurrency: 3 });
      const deliveries = await deliveriesTo(destination.id, 6);
      const ids = deliveries.map((delivery) => delivery.id);
      // Another worker's transaction holds slots 1 and 2 when the batch starts.
      const holder = await pool().connect();
      try {
        await holder.query("BEGIN");
        await holder.query("SELECT pg_advisory_xact_lock(hashtext($1) & 2147483647, slot) FROM generate_series(1, 2) AS slot", [`switchyard.destination-slot:${destination.id}`]);
        const attempting = attemptDeliveries({ deliveryIds: ids });
        while (target.requests.length === 0) await sleep(10);
        await holder.query("COMMIT");
        holderDone.open();
        // Without taking the freed slots, one request at a time: the three never meet, and each waits this long.
        const fallback = setTimeout(threeInFlight.open, 5_000);
        const results = await attempting;
        clearTimeout(fallback);
        expect(outcomes(results, ids)).toEqual(ids.map(() => "attempted"));
        expect(target.maxInFlight).toBe(3);
        expect(target.requests).toHaveLength(6);
        expect(await heldSlots(destination.id)).toEqual([]);
      } finally {
        await holder.query("ROLLBACK").catch(() => undefined);
        holder.release();
      }
    });

    it("the database cutting its transaction's connection mid-request: errors for its deliveries, no slot left taken, and the next attempt delivers them", async () => {
      const straggler = gate();
      const target = await sink((_request, index) => (index === 0 ? { until: straggler.promise } : {}));
      const destination = await createTestDestination({ url: target.url, maxConcurrency: 2, timeoutMs: 20_000 });
      const batch = await deliveriesTo(destination.id, 2);
      const ids = batch.map((delivery) => delivery.id);
      const attempting = attemptDeliveries({ deliveryIds: ids });
      while (target.requests.length < 2 || (await heldSlots(destination.id)).length > 1) await sleep(10);
      const [straggling] = await heldSlots(destination.id);
      await pool().query("SELECT pg_terminate_backend($1)", [straggling!.pid]);
      straggler.open();

      const results = await attempting;
      expect(outcomes(results, ids)).toEqual(["error", "error"]);
      expect(await heldSlots(destination.id)).toEqual([]);
      // Sent, not recorded: sent again (at least once), and recorded this time.
      expect(await db().delivery.findMany({ where: { id: { in: ids } }, select: { status: true, attempts: true } })).toEqual([
        { status: "pending", attempts: 0 },
        { status: "pending", attempts: 0 },
      ]);
      expect(outcomes(await attemptDeliveries({ deliveryIds: ids }), ids)).toEqual(["attempted", "attempted"]);
      expect(target.requests).toHaveLength(4);
    });
  });
});
