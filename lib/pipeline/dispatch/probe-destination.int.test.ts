// The circuit breaker's probes (lib/pipeline/dispatch/probe-destination.ts), called as the probe job calls
// them. A probe is made due by moving circuit_next_probe_at into the past, never by waiting.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb, pool } from "@/lib/db";
import { releaseLockKey } from "@/lib/destinations/destination-locks";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { probeDestination } from "@/lib/pipeline/dispatch/probe-destination";
import { sweepCircuits } from "@/lib/pipeline/dispatch/sweep-circuits";
import { NOTHING_TO_PROBE_REASON } from "@/lib/destinations/circuit-policy";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, failUntilOpen, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { eventually, TEST_ACTOR } from "@/lib/testing/factories";
import { drainOffsetSeconds, drainPace, drainSeconds } from "@/lib/destinations/resume-drain";

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

async function destinationRow(id: string) {
  return db().destination.findUniqueOrThrow({ where: { id } });
}

async function makeProbeDue(destinationId: string) {
  await db().$executeRaw`UPDATE destinations SET circuit_next_probe_at = clock_timestamp() - interval '1 second' WHERE id = ${destinationId}::uuid`;
}

async function probeJobs(destinationId: string) {
  return db().$queryRaw<Array<{ state: string; start_after: Date }>>`
    SELECT state::text AS state, start_after FROM pgboss.job WHERE name = 'probe-destination' AND data->>'destinationId' = ${destinationId} ORDER BY created_on`;
}

async function deliverJobs(deliveryId: string) {
  return db().$queryRaw<Array<{ start_after: Date }>>`
    SELECT start_after FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${deliveryId} ORDER BY created_on`;
}

async function history(destinationId: string) {
  return db().destinationCircuitEvent.findMany({ where: { destinationId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

/** A destination whose endpoint answers `status` (503 unless changed), with its circuit open. */
async function openDestination(options: { rateLimitPerSecond?: number } = {}) {
  const target = await sink(() => ({ status: 503 }));
  const destination = await createTestDestination({ url: target.url, ...options });
  await failUntilOpen({ destinationId: destination.id });
  return { target, destination };
}

describe("probeDestination", () => {
  it("a failed probe makes one real attempt, marked as a probe, and schedules the next at a growing interval", async () => {
    const { target, destination } = await openDestination();
    const before = target.requests.length;

    // Not due yet (the first probe is 10 s after opening): a stale or early job does nothing.
    expect(await probeDestination({ destinationId: destination.id })).toEqual({ outcome: "not_due" });
    expect(target.requests).toHaveLength(before);

    const waits = [];
    for (let index = 0; index < 4; index += 1) {
      await makeProbeDue(destination.id);
      const result = await probeDestination({ destinationId: destination.id });
      expect(result).toMatchObject({ outcome: "failed" });
      // Exactly one request per probe.
      expect(target.requests).toHaveLength(before + index + 1);
      const [probe] = await db().deliveryAttempt.findMany({ where: { delivery: { destinationId: destination.id }, probe: true }, orderBy: { startedAt: "desc" }, take: 1 });
      const row = await destinationRow(destination.id);
      expect(row).toMatchObject({ circuitState: "open", circuitProbesFailed: index + 1 });
      // Counted from the end of the probe's request.
      waits.push((row.circuitNextProbeAt!.getTime() - probe!.startedAt.getTime() - probe!.durationMs) / 1000);
      expect(result).toMatchObject({ nextProbeAt: row.circuitNextProbeAt });
      expect((await probeJobs(destination.id)).at(-1)).toEqual({ state: "created", start_after: row.circuitNextProbeAt });
    }
    expect(waits).toEqual([20, 40, 60, 60]);
    expect((await history(destination.id)).map((event) => [event.fromState, event.toState, event.reason])).toEqual([
      ["closed", "open", expect.stringMatching(/^failing for /) as unknown],
      ["open", "open", "probe failed: HTTP 503; next probe in 20 s"],
      ["open", "open", "probe failed: HTTP 503; next probe in 40 s"],
      ["open", "open", "probe failed: HTTP 503; next probe in 60 s"],
      ["open", "open", "probe failed: HTTP 503; next probe in 60 s"],
    ]);
  });

  it("probes the oldest waiting delivery that is due, and charges it the attempt like any other", async () => {
    const { destination } = await openDestination();
    // Every delivery failUntilOpen made is retrying, due in 5 s. Two more wait: an old one due in an
    // hour, and a newer one that is due now.
    const notDue = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: notDue.id }, data: { createdAt: new Date(Date.UTC(2020, 0, 1)), status: "retrying", attempts: 1, nextAttemptAt: new Date(Date.now() + 3600_000) } });
    const dueNow = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: dueNow.id }, data: { createdAt: new Date(Date.UTC(2021, 0, 1)) } });
    await makeProbeDue(destination.id);
    await probeDestination({ destinationId: destination.id });
    const probed = await db().deliveryAttempt.findMany({ where: { probe: true, delivery: { destinationId: destination.id } }, include: { delivery: true } });
    expect(probed.map((attempt) => attempt.deliveryId)).toEqual([dueNow.id]);
    // The delivery moves on its own schedule: attempt 1 failed, the next in 5 s, with its job.
    const row = await db().delivery.findUniqueOrThrow({ where: { id: dueNow.id } });
    expect(row).toMatchObject({ status: "retrying", attempts: 1, lastStatus: 503 });
    expect((await deliverJobs(dueNow.id)).map((job) => job.start_after)).toEqual([row.nextAttemptAt]);
  });

  it("a successful probe closes the circuit and drains the whole backlog gradually, retries pushed out by the outage included", async () => {
    const { target, destination } = await openDestination();
    // The backlog: what failUntilOpen left retrying (4), and 5 new deliveries that came in while open.
    for (let index = 0; index < 5; index += 1) await createTestDelivery({ destinationId: destination.id });
    const waiting = await db().delivery.findMany({ where: { destinationId: destination.id, status: { in: ["pending", "retrying"] } } });
    expect(waiting).toHaveLength(9);
    // Oldest first by creation; the oldest retry had been pushed an hour out by the failing endpoint.
    await Promise.all(waiting.map((delivery, index) => db().delivery.update({ where: { id: delivery.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) } })));
    const pushedOut = waiting.find((delivery) => delivery.status === "retrying")!;
    await db().delivery.update({ where: { id: pushedOut.id }, data: { nextAttemptAt: new Date(Date.now() + 3600_000) } });

    target.reply = () => ({ status: 200 });
    await makeProbeDue(destination.id);
    const result = await probeDestination({ destinationId: destination.id });
    // The probe delivered one; the 8 others drain in the slow start (5 a second at first).
    expect(result).toEqual({ outcome: "closed", reason: "probe succeeded: HTTP 200", requeued: 8, drainSeconds: drainSeconds(8, drainPace(null)) });
    expect(target.requests.filter((request) => request.headers["webhook-id"])).toHaveLength(5);

    const row = await destinationRow(destination.id);
    expect(row).toMatchObject({ state: "active", circuitState: "closed", circuitOpenedAt: null, circuitNextProbeAt: null, circuitProbesFailed: 0, consecutiveFailures: 0, failingSince: null });
    const [opened, closed, ...more] = await history(destination.id);
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ fromState: "closed", toState: "open" });
    expect(closed).toMatchObject({ fromState: "open", toState: "closed", reason: "probe succeeded: HTTP 200" });
    expect(await db().auditLog.findMany({ where: { targetId: destination.id, action: "destination.circuit_closed" } })).toMatchObject([
      { actorLabel: "system", details: { reason: "probe succeeded: HTTP 200", requeued: 8 } },
    ]);

    // The drain: oldest first, the k-th at start + drainOffsetSeconds(k) (to the millisecond the
    // database rounds to), whenever each was due before, each with its job.
    const left = await db().delivery.findMany({ where: { destinationId: destination.id, status: { in: ["pending", "retrying"] } }, orderBy: { createdAt: "asc" } });
    expect(left).toHaveLength(8);
    const start = left[0]!.nextAttemptAt!.getTime();
    left.forEach((delivery, k) => expect(Math.abs(delivery.nextAttemptAt!.getTime() - start - drainOffsetSeconds(k, drainPace(null)) * 1000)).toBeLessThanOrEqual(1));
    // The probe takes a due delivery, so the one pushed an hour out is in the drain, at its place.
    expect(left.map((delivery) => delivery.id)).toContain(pushedOut.id);
    for (const delivery of left) expect((await deliverJobs(delivery.id)).at(-1)?.start_after).toEqual(delivery.nextAttemptAt);

    // Closed: a late probe job does nothing.
    await makeProbeDue(destination.id);
    expect(await probeDestination({ destinationId: destination.id })).toEqual({ outcome: "not_due" });
  });

  it("a delivery whose job runs while the circuit is closing is not left behind by the close's requeue", async () => {
    const { target, destination } = await openDestination();
    target.reply = () => ({ status: 200 });
    // A release in progress: it holds the release lock while it requeues what its snapshot shows.
    const release = await pool().connect();
    try {
      await release.query("BEGIN");
      await release.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [releaseLockKey(destination.id)]);
      // Routed after that snapshot: the release cannot requeue it, and its job runs now.
      const late = await createTestDelivery({ destinationId: destination.id });
      const attempt = attemptDelivery({ deliveryId: late.id });
      // The attempt waits for the release rather than dropping the delivery as held.
      await eventually(async () => {
        const [waiting] = await db().$queryRaw<Array<{ count: bigint }>>`SELECT count(*) AS count FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
        return (waiting?.count ?? 0n) > 0n;
      });
      await release.query("UPDATE destinations SET circuit_state = 'closed', circuit_opened_at = NULL, circuit_next_probe_at = NULL WHERE id = $1::uuid", [destination.id]);
      await release.query("COMMIT");
      expect(await attempt).toEqual({ outcome: "released" });
      // A fresh job carries it on: it is delivered.
      expect(await deliverJobs(late.id)).toHaveLength(1);
      expect(await attemptDelivery({ deliveryId: late.id })).toMatchObject({ outcome: "attempted", status: "succeeded" });
    } finally {
      await release.query("ROLLBACK").catch(() => undefined);
      release.release();
    }
  });

  it("a held delivery's job ends at once while nothing is being released", async () => {
    const { destination } = await openDestination();
    const held = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: held.id })).toMatchObject({ outcome: "circuit_open" });
    expect(await deliverJobs(held.id)).toEqual([]);
  });

  it("with nothing waiting to probe with, closes the circuit", async () => {
    const { destination } = await openDestination();
    await db().delivery.updateMany({ where: { destinationId: destination.id }, data: { status: "failed" } });
    await makeProbeDue(destination.id);
    expect(await probeDestination({ destinationId: destination.id })).toEqual({ outcome: "closed", reason: NOTHING_TO_PROBE_REASON, requeued: 0, drainSeconds: 0 });
    // The endpoint has not answered yet: its streak stands, and the next failure opens the circuit again.
    expect(await destinationRow(destination.id)).toMatchObject({ circuitState: "closed", consecutiveFailures: 4 });
    expect((await history(destination.id)).at(-1)).toMatchObject({ fromState: "open", toState: "closed", reason: NOTHING_TO_PROBE_REASON });
  });

  it("two workers never probe the same destination at once", async () => {
    const { target, destination } = await openDestination();
    target.reply = () => ({ status: 503, delayMs: 300 });
    const before = target.requests.length;
    await makeProbeDue(destination.id);
    const results = await Promise.all([1, 2, 3].map(() => probeDestination({ destinationId: destination.id })));
    expect(results.filter((result) => result.outcome === "failed")).toHaveLength(1);
    for (const result of results) expect(["failed", "probing", "not_due"]).toContain(result.outcome);
    expect(target.requests).toHaveLength(before + 1);
    expect(await destinationRow(destination.id)).toMatchObject({ circuitProbesFailed: 1 });

    // Even on two different deliveries at once (the probe lock, not the deliveries' locks).
    const [first, second] = await db().delivery.findMany({ where: { destinationId: destination.id, status: { in: ["pending", "retrying"] } }, take: 2 });
    await makeProbeDue(destination.id);
    const probe = { destinationId: destination.id };
    const attempts = await Promise.all([first!, second!].map((delivery) => attemptDelivery({ deliveryId: delivery.id, probe })));
    expect(attempts.map((attempt) => attempt.outcome).sort()).toEqual(["attempted", "probing"]);
    expect(target.requests).toHaveLength(before + 2);
  });

  it("an operator's pause holds probes too, and is never lifted by the breaker; resuming probes at once", async () => {
    const { target, destination } = await openDestination();
    await pauseDestination({ id: destination.id, input: { reason: "receiver migration" }, actor: TEST_ACTOR });
    const before = target.requests.length;
    const jobsBefore = (await probeJobs(destination.id)).length;

    target.reply = () => ({ status: 200 });
    await makeProbeDue(destination.id);
    expect(await probeDestination({ destinationId: destination.id })).toEqual({ outcome: "not_due" });
    // The sweep leaves a paused destination alone too.
    await sweepCircuits({ graceSeconds: 0 });
    expect(await probeJobs(destination.id)).toHaveLength(jobsBefore);
    expect(target.requests).toHaveLength(before);
    expect(await destinationRow(destination.id)).toMatchObject({ state: "paused", pausedReason: "receiver migration", circuitState: "open" });

    // Resuming lifts the operator's pause only: the circuit stays open, nothing is requeued yet, and its probe is due now.
    const resumed = await resumeDestination({ id: destination.id, actor: TEST_ACTOR });
    expect(resumed).toMatchObject({ requeued: 0, circuitOpen: true, destination: { state: "active", circuit: { state: "open" } } });
    const row = await destinationRow(destination.id);
    expect((await probeJobs(destination.id)).at(-1)?.start_after.getTime()).toBeLessThanOrEqual(row.circuitNextProbeAt!.getTime() + 1000);
    expect(await probeDestination({ destinationId: destination.id })).toMatchObject({ outcome: "closed", requeued: 3 });
    expect(target.requests).toHaveLength(before + 1);
  });

  it("the sweep sends a probe for an open circuit left without one (as the migration leaves them)", async () => {
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await db().destination.update({ where: { id: destination.id }, data: { circuitState: "open", circuitOpenedAt: new Date(), circuitNextProbeAt: new Date(Date.now() - 120_000) } });
    const recent = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await db().destination.update({ where: { id: recent.id }, data: { circuitState: "open", circuitOpenedAt: new Date(), circuitNextProbeAt: new Date(Date.now() + 10_000) } });
    const result = await sweepCircuits();
    expect(result.probesSent).toBeGreaterThanOrEqual(1);
    expect(await probeJobs(destination.id)).toHaveLength(1);
    // One whose probe is merely due soon has its job already.
    expect(await probeJobs(recent.id)).toEqual([]);
  });
});
