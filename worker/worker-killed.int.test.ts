// A worker killed in the middle of a delivery loses nothing: its attempts roll back with its
// connection, pg-boss notices the jobs' missing heartbeat, and another worker completes them.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { enqueueDeliveries, enqueueNewDeliveries, inTransaction, stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { eventually } from "@/lib/testing/factories";
import { startWorker } from "@/worker/start-worker";

let sink: Sink;
let survivor: Awaited<ReturnType<typeof startWorker>> | undefined;
let doomed: ChildProcess | undefined;

/**
 * The paths of this file's destinations start with this. A worker attempts every job in the test
 * run's database, the leftovers of earlier files included, and one of those can name the port this
 * sink was given after theirs closed: such requests are answered and left out of what is asserted.
 */
const OURS = `/worker-killed-${randomUUID()}`;

/** The requests to this file's destinations. */
function ourRequests(): Sink["requests"] {
  return sink.requests.filter((request) => request.url.startsWith(OURS));
}

/** The next request to this file's destinations is held open (the doomed worker is then "mid-delivery"). */
let holdNext = false;

beforeAll(async () => {
  sink = await startSink((request) => {
    if (!request.url.startsWith(OURS)) return {};
    const hold = holdNext;
    holdNext = false;
    return hold ? { delayMs: 120_000 } : {};
  });
});

afterAll(async () => {
  doomed?.kill("SIGKILL");
  await survivor?.stop();
  await sink.close();
  await stopSender();
  await disconnectDb();
});

/** The real worker process (`npm run worker`), on this run's throwaway database. */
function spawnWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, SWITCHYARD_DATABASE_PREPARED: "1", LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

describe("a worker killed mid-delivery", () => {
  it("leaves no half-recorded attempt, and another worker completes the delivery", { timeout: 120_000 }, async () => {
    const destination = await createTestDestination({ url: `${sink.url}${OURS}/held` });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await db().$transaction(async (tx) => enqueueDeliveries({ deliveries: [{ id: delivery.id }], tx }));

    holdNext = true;
    doomed = spawnWorker();
    await eventually(() => Promise.resolve(ourRequests().length === 1), { timeoutMs: 30_000 });
    const exited = new Promise((resolve) => doomed?.once("exit", resolve));
    doomed.kill("SIGKILL");
    await exited;

    // Nothing of the interrupted attempt was committed.
    expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "pending", attempts: 0 });
    expect(await db().deliveryAttempt.count({ where: { deliveryId: delivery.id } })).toBe(0);

    survivor = await startWorker();
    const done = await eventually(
      async () => {
        const row = await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } });
        return row.status === "succeeded" ? row : null;
      },
      { timeoutMs: 90_000 },
    );
    expect(done).toMatchObject({ attempts: 1, lastStatus: 200 });
    const attempts = await db().deliveryAttempt.findMany({ where: { deliveryId: delivery.id } });
    expect(attempts.map((attempt) => attempt.responseStatus)).toEqual([200]);
    // The endpoint saw the same delivery twice (same webhook-id), so a receiver that dedupes sees it once.
    expect(ourRequests().map((request) => request.headers["webhook-id"])).toEqual([delivery.webhookId, delivery.webhookId]);
  });
  it("a batch cut off before its commit is recorded by no one, then completed once each by another worker", { timeout: 120_000 }, async () => {
    await survivor?.stop();
    survivor = undefined;
    // Five deliveries to one destination go in one transaction, five requests at once: the first to
    // arrive is held open, the other four are answered; the commit waits for the held one. They are
    // named by one job, as routing names a batch, so one fetch takes them all: as five jobs, the
    // worker's two fetch loops could split them, and the destination's second transaction then
    // waited behind the held request until it timed out (15 s) and both committed before the kill.
    const destination = await createTestDestination({ url: `${sink.url}${OURS}/batch` });
    const deliveries: Array<Awaited<ReturnType<typeof createTestDelivery>>> = [];
    for (let index = 0; index < 5; index += 1) deliveries.push(await createTestDelivery({ destinationId: destination.id }));
    await db().$transaction(async (tx) => enqueueNewDeliveries({ deliveryIds: deliveries.map((delivery) => delivery.id), tx: inTransaction(tx) }));
    const before = ourRequests().length;

    holdNext = true;
    doomed = spawnWorker();
    await eventually(() => Promise.resolve(ourRequests().length === before + 5), { timeoutMs: 30_000 });
    const exited = new Promise((resolve) => doomed?.once("exit", resolve));
    doomed.kill("SIGKILL");
    await exited;
    // Nothing of the cut-off transaction was committed, the four answered attempts included. (Compared
    // whole, so that a failure shows what was committed and how each attempt ended.)
    const ids = deliveries.map((delivery) => delivery.id);
    const after = await db().delivery.findMany({ where: { id: { in: ids } }, select: { status: true, attempts: true, lastStatus: true, lastError: true } });
    expect(after).toEqual(ids.map(() => ({ status: "pending", attempts: 0, lastStatus: null, lastError: null })));
    expect(await db().deliveryAttempt.findMany({ where: { deliveryId: { in: ids } }, select: { responseStatus: true, errorClass: true, errorMessage: true, durationMs: true } })).toEqual([]);

    survivor = await startWorker();
    await eventually(async () => (await db().delivery.count({ where: { id: { in: ids }, status: "succeeded" } })) === 5, { timeoutMs: 90_000 });
    // One attempt recorded per delivery; the endpoint saw each twice, with the same webhook-id (at least once).
    for (const delivery of deliveries) {
      expect(await db().deliveryAttempt.count({ where: { deliveryId: delivery.id } })).toBe(1);
      expect(ourRequests().filter((request) => request.headers["webhook-id"] === delivery.webhookId)).toHaveLength(2);
    }
  });
});
