// The bulk-operation engine: start, batches with progress, cancel, failure and duplicate jobs, run
// directly as the `bulk-operation` job would, and once end to end through a real worker.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { cancelBulkOperation } from "@/lib/bulk-operations/cancel-bulk-operation";
import { getBulkOperation } from "@/lib/bulk-operations/get-bulk-operation";
import { listRecentBulkOperations } from "@/lib/bulk-operations/list-recent-bulk-operations";
import { lockKey, runBulkOperationBatch } from "@/lib/bulk-operations/run-bulk-operation-batch";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";
import { db, disconnectDb, withTransaction } from "@/lib/db";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestUser, eventually, TEST_ACTOR } from "@/lib/testing/factories";
import { startWorker } from "@/worker/start-worker";

const sinks: Sink[] = [];

afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

/** A destination whose endpoint answers 500 until `fix()`, with `count` deliveries that failed for good. */
async function failedDeliveries(count: number) {
  let fixed = false;
  const sink = await startSink(() => (fixed ? {} : { status: 500 }));
  sinks.push(sink);
  // A path of its own: a worker attempts every job in the test run's database, earlier files'
  // leftovers included, and one of those can name the port this sink was given after theirs closed.
  const path = `/bulk-${randomUUID()}`;
  const destination = await createTestDestination({ url: `${sink.url}${path}`, retrySchedule: [] });
  const deliveries = [];
  for (let i = 0; i < count; i += 1) {
    const delivery = await createTestDelivery({ destinationId: destination.id });
    expect(await attemptDelivery({ deliveryId: delivery.id })).toMatchObject({ status: "failed" });
    deliveries.push(delivery);
  }
  const requests = () => sink.requests.filter((request) => request.url === path);
  return { sink, requests, destination, deliveries, fix: () => (fixed = true) };
}

async function operationJobs(operationId: string) {
  return db().$queryRaw<Array<{ state: string }>>`
    SELECT state::text AS state FROM pgboss.job WHERE name = 'bulk-operation' AND data->>'operationId' = ${operationId} ORDER BY created_on`;
}

async function deliverJobCount(deliveryIds: string[]) {
  const rows = await db().$queryRaw<Array<{ id: string; jobs: number }>>`
    SELECT data->>'deliveryId' AS id, count(*)::int AS jobs FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ANY(${deliveryIds}) GROUP BY 1`;
  return new Map(rows.map((row) => [row.id, row.jobs]));
}

async function start(destinationId: string) {
  const user = await createTestUser();
  const started = await startBulkOperation({ kind: "retry", filter: { destination: destinationId }, actor: { id: user.id, label: user.email } });
  if (!started.ok) throw new Error(started.message);
  return { operation: started.operation, user };
}

describe("startBulkOperation", () => {
  it("stores the validated filter and the total, with its first job, in one go", async () => {
    const { destination } = await failedDeliveries(3);
    const { operation, user } = await start(destination.id);
    expect(operation).toMatchObject({
      kind: "retry",
      status: "running",
      filter: { destination: destination.id, status: "failed" },
      total: 3,
      processed: 0,
      cancelRequested: false,
      error: null,
      createdById: user.id,
      finishedAt: null,
    });
    expect(await operationJobs(operation.id)).toEqual([{ state: "created" }]);
    expect(await getBulkOperation({ id: operation.id })).toEqual(operation);
    expect((await listRecentBulkOperations({ kind: "retry" })).map((recent) => recent.id)).toContain(operation.id);
  });

  it("refuses an invalid filter with each problem's path, and stores nothing", async () => {
    const before = await db().bulkOperation.count();
    const result = await startBulkOperation({ kind: "retry", filter: { status: "succeeded", destination: "nope" }, actor: TEST_ACTOR });
    expect(result).toMatchObject({ ok: false, code: "invalid_request" });
    if (result.ok || result.code !== "invalid_request") throw new Error("expected invalid_request");
    expect(result.issues.map((issue) => issue.path.join(".")).sort()).toEqual(["filter.destination", "filter.status"]);
    expect(await db().bulkOperation.count()).toBe(before);
  });
});

describe("runBulkOperationBatch", () => {
  it("works through the deliveries in batches, recording progress, and completes", async () => {
    const { destination, deliveries } = await failedDeliveries(5);
    const { operation } = await start(destination.id);

    const outcomes = [];
    for (let i = 0; i < 3; i += 1) {
      outcomes.push(await runBulkOperationBatch({ operationId: operation.id, batchSize: 2 }));
      const current = await getBulkOperation({ id: operation.id });
      expect(current?.processed).toBe(Math.min(5, (i + 1) * 2));
    }
    expect(outcomes).toEqual([
      { outcome: "batch", processed: 2, status: "running" },
      { outcome: "batch", processed: 2, status: "running" },
      { outcome: "batch", processed: 1, status: "completed" },
    ]);
    const done = await getBulkOperation({ id: operation.id });
    expect(done).toMatchObject({ status: "completed", processed: 5, total: 5 });
    expect(done?.finishedAt).not.toBeNull();
    // The first job, then one queued by each batch that left work to do.
    expect(await operationJobs(operation.id)).toHaveLength(3);
    const jobs = await deliverJobCount(deliveries.map((delivery) => delivery.id));
    expect(deliveries.map((delivery) => jobs.get(delivery.id))).toEqual([1, 1, 1, 1, 1]);
    // A job delivered again after the end does nothing.
    expect(await runBulkOperationBatch({ operationId: operation.id, batchSize: 2 })).toEqual({ outcome: "finished", status: "completed" });
  });

  it("a duplicate job running at the same time as a batch leaves it to that batch", async () => {
    const { destination } = await failedDeliveries(1);
    const { operation } = await start(destination.id);
    await withTransaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKey(operation.id)]);
      expect(await runBulkOperationBatch({ operationId: operation.id })).toEqual({ outcome: "busy" });
    });
    expect(await getBulkOperation({ id: operation.id })).toMatchObject({ processed: 0, status: "running" });
  });

  it("cancels at once between batches; what was retried stays retried", async () => {
    const { destination, deliveries } = await failedDeliveries(3);
    const { operation } = await start(destination.id);
    await runBulkOperationBatch({ operationId: operation.id, batchSize: 2 });

    const cancelled = await cancelBulkOperation({ id: operation.id, actor: TEST_ACTOR });
    expect(cancelled).toMatchObject({ ok: true, operation: { status: "cancelled", cancelRequested: true, processed: 2 } });
    // The next batch's job, already queued, finds it cancelled.
    expect(await runBulkOperationBatch({ operationId: operation.id, batchSize: 2 })).toEqual({ outcome: "finished", status: "cancelled" });
    const statuses = await db().delivery.findMany({ where: { id: { in: deliveries.map((d) => d.id) } }, select: { status: true } });
    expect(statuses.map((row) => row.status).sort()).toEqual(["failed", "retrying", "retrying"]);
    // Cancelling again is fine; a completed operation cannot be cancelled.
    expect(await cancelBulkOperation({ id: operation.id, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    const other = await start((await failedDeliveries(1)).destination.id);
    await runBulkOperationBatch({ operationId: other.operation.id });
    expect(await cancelBulkOperation({ id: other.operation.id, actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "bulk_operation_finished" });
    expect(await cancelBulkOperation({ id: randomUUID(), actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "bulk_operation_not_found" });
  });

  it("during a batch, a cancel is recorded and the batch ends the operation instead of queueing another", async () => {
    const { destination } = await failedDeliveries(3);
    const { operation } = await start(destination.id);
    await withTransaction(async (client) => {
      // As if a batch were running now.
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKey(operation.id)]);
      expect(await cancelBulkOperation({ id: operation.id, actor: TEST_ACTOR })).toMatchObject({ ok: true, operation: { status: "running", cancelRequested: true } });
    });
    expect(await runBulkOperationBatch({ operationId: operation.id, batchSize: 2 })).toEqual({ outcome: "finished", status: "cancelled" });
    expect(await getBulkOperation({ id: operation.id })).toMatchObject({ status: "cancelled", processed: 0 });
  });

  it("marks the operation failed, with the reason, when a batch cannot run", async () => {
    const { destination } = await failedDeliveries(1);
    const { operation } = await start(destination.id);
    await db().bulkOperation.update({ where: { id: operation.id }, data: { cursor: "not-a-cursor" } });
    const result = await runBulkOperationBatch({ operationId: operation.id });
    expect(result).toMatchObject({ outcome: "failed", error: expect.stringContaining("cursor") as unknown });
    const failed = await getBulkOperation({ id: operation.id });
    expect(failed).toMatchObject({ status: "failed", processed: 0, error: expect.stringContaining("cursor") as unknown });
    expect(failed?.finishedAt).not.toBeNull();
  });
});

describe("the bulk-operation job", () => {
  it("a worker runs a bulk retry to the end and every failed delivery is attempted once more and delivered", async () => {
    const { destination, deliveries, requests, fix } = await failedDeliveries(4);
    fix();
    const worker = await startWorker();
    try {
      const { operation } = await start(destination.id);
      const done = await eventually(async () => {
        const current = await getBulkOperation({ id: operation.id });
        return current?.status === "completed" ? current : null;
      });
      expect(done).toMatchObject({ processed: 4, total: 4 });
      const rows = await eventually(async () => {
        const current = await db().delivery.findMany({ where: { destinationId: destination.id }, select: { status: true, attempts: true } });
        return current.every((row) => row.status === "succeeded") ? current : null;
      });
      // Each retried once: its failed attempt, then the one the bulk retry queued.
      expect(rows.map((row) => row.attempts)).toEqual([2, 2, 2, 2]);
      expect(new Set(requests().slice(4).map((request) => request.headers["webhook-id"]))).toEqual(new Set(deliveries.map((delivery) => delivery.webhookId)));
    } finally {
      await worker.stop();
    }
  });
});
