// The `deliver` job end to end: a real worker (pg-boss) running attemptDelivery; and the hand-off's
// safety-net job, run by a worker once due.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, withTransaction } from "@/lib/db";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { enqueueDeliveries, enqueueHandedOff, enqueueNewDeliveries, onPgClient, stopSender } from "@/lib/queue";
import { requestProbe } from "@/lib/destinations/request-probe";
import { createTestDelivery, createTestDestination, failUntilOpen, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { eventually, TEST_ACTOR } from "@/lib/testing/factories";
import { startWorker } from "@/worker/start-worker";

let worker: Awaited<ReturnType<typeof startWorker>>;
let target: Sink;

beforeAll(async () => {
  target = await startSink();
  worker = await startWorker();
});

afterAll(async () => {
  await worker.stop();
  await target.close();
  await stopSender();
  await disconnectDb();
});

async function enqueue(deliveryId: string) {
  await db().$transaction(async (tx) => enqueueDeliveries({ deliveries: [{ id: deliveryId }], tx }));
}

async function settled(deliveryId: string, status: "succeeded" | "failed", timeoutMs = 10_000) {
  return eventually(async () => {
    const row = await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } });
    return row.status === status ? row : null;
  }, { timeoutMs });
}

describe("deliver job", () => {
  it("the worker delivers an enqueued delivery", async () => {
    const destination = await createTestDestination({ url: `${target.url}/a` });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await enqueue(delivery.id);
    expect(await settled(delivery.id, "succeeded")).toMatchObject({ attempts: 1, lastStatus: 200 });
    expect(target.requests.filter((request) => request.headers["webhook-id"] === delivery.webhookId)).toHaveLength(1);
  });

  it("a job naming routing's deliveries sends each once, also when another job names one of them", async () => {
    const destination = await createTestDestination({ url: `${target.url}/several` });
    const deliveries = await Promise.all([1, 2, 3].map(() => createTestDelivery({ destinationId: destination.id })));
    await withTransaction(async (client) => {
      await enqueueNewDeliveries({ deliveryIds: deliveries.map((delivery) => delivery.id), tx: onPgClient(client) });
      await enqueueDeliveries({ deliveries: [{ id: deliveries[0]!.id }], tx: onPgClient(client) });
    });
    for (const delivery of deliveries) expect(await settled(delivery.id, "succeeded")).toMatchObject({ attempts: 1 });
    for (const delivery of deliveries) expect(target.requests.filter((request) => request.headers["webhook-id"] === delivery.webhookId)).toHaveLength(1);
    const jobs = await db().$queryRaw<Array<{ state: string }>>`
      SELECT state::text AS state FROM pgboss.job WHERE name = 'deliver' AND data->'deliveryIds' @> jsonb_build_array(${deliveries[1]!.id}::text)`;
    expect(jobs).toHaveLength(1);
  });

  it("a hand-off's safety-net job, once due, attempts what is not settled and leaves the rest alone", async () => {
    const destination = await createTestDestination({ url: `${target.url}/handed-off` });
    const waiting = await createTestDelivery({ destinationId: destination.id });
    const settledAlready = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: settledAlready.id }, data: { status: "succeeded", attempts: 1 } });
    const before = target.requests.length;
    // Due at once: the worker that handed them off died before attempting them.
    await withTransaction((client) => enqueueHandedOff({ batches: [{ jobId: randomUUID(), deliveryIds: [waiting.id, settledAlready.id] }], startAfterSeconds: 0, tx: onPgClient(client) }));
    expect(await settled(waiting.id, "succeeded")).toMatchObject({ attempts: 1 });
    expect(target.requests.length - before).toBe(1);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: settledAlready.id } })).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("retries on the destination's schedule by itself: 500, then 200 once the retry is due", async () => {
    let calls = 0;
    target.reply = (request) => (request.url === "/flaky" && calls++ === 0 ? { status: 500 } : {});
    const destination = await createTestDestination({ url: `${target.url}/flaky`, retrySchedule: [1] });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await enqueue(delivery.id);
    const row = await settled(delivery.id, "succeeded");
    expect(row.attempts).toBe(2);
    const attempts = await db().deliveryAttempt.findMany({ where: { deliveryId: delivery.id }, orderBy: { number: "asc" } });
    expect(attempts.map((attempt) => attempt.responseStatus)).toEqual([500, 200]);
    // Not before it was due (the schedule's 1 s, less its jitter); how soon after depends on the machine.
    const gap = attempts[1]!.startedAt.getTime() - attempts[0]!.startedAt.getTime();
    expect(gap).toBeGreaterThanOrEqual(800);
    target.reply = () => ({});
  });

  it("a paused destination holds its deliveries; resuming sends them", async () => {
    const destination = await createTestDestination({ url: `${target.url}/paused` });
    await pauseDestination({ id: destination.id, actor: TEST_ACTOR });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await enqueue(delivery.id);
    // The job runs and does nothing.
    await eventually(async () => {
      const [job] = await db().$queryRaw<Array<{ state: string }>>`SELECT state::text AS state FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${delivery.id}`;
      return job?.state === "completed";
    });
    expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", attempts: 0 });

    expect(await resumeDestination({ id: destination.id, actor: TEST_ACTOR })).toMatchObject({ requeued: 1 });
    await settled(delivery.id, "succeeded");
  });

  it("an open circuit holds deliveries without charging them; its probe job closes it once the endpoint answers, and the backlog is delivered", async () => {
    let healthy = false;
    target.reply = (request) => (request.url === "/breaker" && !healthy ? { status: 503 } : {});
    const destination = await createTestDestination({ url: `${target.url}/breaker` });
    await failUntilOpen({ destinationId: destination.id });

    // A new delivery's job runs and completes, and nothing is sent or charged.
    const held = await createTestDelivery({ destinationId: destination.id });
    await enqueue(held.id);
    await eventually(async () => {
      const [job] = await db().$queryRaw<Array<{ state: string }>>`SELECT state::text AS state FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${held.id}`;
      return job?.state === "completed";
    });
    expect(await db().delivery.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "pending", attempts: 0 });
    expect(target.requests.filter((request) => request.headers["webhook-id"] === held.webhookId)).toEqual([]);

    // The receiver is back; an operator asks for the probe now rather than in 10 s.
    healthy = true;
    expect(await requestProbe({ id: destination.id, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    await eventually(async () => (await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).circuitState === "closed");
    const waiting = await db().delivery.findMany({ where: { destinationId: destination.id } });
    for (const delivery of waiting) await settled(delivery.id, "succeeded");
    expect(await db().deliveryAttempt.count({ where: { deliveryId: held.id } })).toBeGreaterThanOrEqual(1);
    const history = await db().destinationCircuitEvent.findMany({ where: { destinationId: destination.id }, orderBy: { at: "asc" } });
    expect(history.map((event) => event.toState)).toEqual(["open", "closed"]);
    expect(history[1]!.reason).toBe("probe succeeded: HTTP 200");
    target.reply = () => ({});
  });
});
