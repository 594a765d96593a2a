// A worker killed in the middle of a delivery loses nothing: its attempt rolls back with its
// connection, pg-boss notices the job's missing heartbeat, and another worker completes it.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { enqueueDeliveries, stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { eventually } from "@/lib/testing/factories";
import { startWorker } from "@/worker/start-worker";

let sink: Sink;
let survivor: Awaited<ReturnType<typeof startWorker>> | undefined;
let doomed: ChildProcess | undefined;

beforeAll(async () => {
  // The first request is held open (the doomed worker is "mid-delivery"); later ones succeed.
  sink = await startSink((_request, index) => (index === 0 ? { delayMs: 120_000 } : {}));
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
    const destination = await createTestDestination({ url: `${sink.url}/held` });
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await db().$transaction(async (tx) => enqueueDeliveries({ deliveries: [{ id: delivery.id }], tx }));

    doomed = spawnWorker();
    await eventually(() => Promise.resolve(sink.requests.length === 1), { timeoutMs: 30_000 });
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
    expect(sink.requests.map((request) => request.headers["webhook-id"])).toEqual([delivery.webhookId, delivery.webhookId]);
  });
});
