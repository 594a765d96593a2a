// Replays: one event (a token-keyed run) and the bulk kind over a filter. Jobs are read back from
// pg-boss's table and handed to the real route-event handler, as the worker would.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb, pool, withTransaction } from "@/lib/db";
import { replayJobId } from "@/lib/events/enqueue-replays";
import type { Prisma } from "@/lib/generated/prisma/client";
import { replayBulkKind, replayRunKey } from "@/lib/bulk-operations/replay-kind";
import { newReplayToken, replayEvent } from "@/lib/events/replay-event";
import { jobs, stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { updateRule } from "@/lib/rules/update-rule";
import type { RuleInput } from "@/lib/rules/rule-input";
import { routeEvent } from "@/lib/pipeline/routing/route-events";
import { createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestSource, TEST_ACTOR } from "@/lib/testing/factories";
import { handleRouteEvent } from "@/worker/route-event";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

async function storedEvent(sourceId: string, payload: Prisma.InputJsonObject, receivedAt = new Date()) {
  const body = Buffer.from(JSON.stringify(payload));
  return db().event.create({
    data: {
      sourceId,
      receivedAt,
      method: "POST",
      headers: { "content-type": "application/json" },
      contentType: "application/json",
      body,
      bodySize: body.length,
      payload,
    },
  });
}

/** The route-event jobs queued under a run key, by event. */
async function replayJobs(runKey: string): Promise<Array<{ id: string; data: unknown }>> {
  const { rows } = await pool().query<{ id: string; data: unknown }>(
    "SELECT id, data FROM pgboss.job WHERE name = 'route-event' AND data->>'runKey' = $1 ORDER BY data->>'eventId'",
    [runKey],
  );
  return rows;
}

/** Runs queued jobs through the worker's handler, as pg-boss would hand them over. */
async function work(queued: Array<{ data: unknown }>): Promise<void> {
  for (const job of queued) await handleRouteEvent(jobs["route-event"].payload.parse(job.data));
}

const tagRule = (destinationId: string, tag: string): RuleInput => ({
  name: "Everything",
  conditions: { combinator: "and", rules: [] },
  actions: [
    { type: "forward", destinationIds: [destinationId] },
    { type: "addTags", tags: [tag] },
    { type: "setRouting", fields: { team: tag } },
  ],
});

describe("replayEvent", () => {
  it("routes the event again through the current rules as a traced replay run with new deliveries, once per token", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    const rule = await createRule({ sourceId: source.id, input: tagRule(destination.id, "old"), actor: TEST_ACTOR });
    const event = await storedEvent(source.id, { priority: "high" });
    expect(await routeEvent({ eventId: event.id })).toBe("routed");

    // The rules change; the replay must use the new version.
    await updateRule({ ruleId: rule!.id, input: tagRule(destination.id, "new"), actor: TEST_ACTOR });
    const token = newReplayToken();
    expect(await replayEvent({ eventId: event.id, token, actor: TEST_ACTOR })).toBe("queued");
    // A double click or a resubmitted form: same token, no second job.
    expect(await replayEvent({ eventId: event.id, token, actor: TEST_ACTOR })).toBe("already_queued");
    const queued = await replayJobs(`replay:${token}`);
    expect(queued).toEqual([
      {
        id: replayJobId(`replay:${token}`, event.id),
        data: { eventId: event.id, runKey: `replay:${token}`, trigger: "replay" },
      },
    ]);

    await work(queued);
    await work(queued); // pg-boss delivers at least once
    const replayed = await db().event.findUniqueOrThrow({
      where: { id: event.id },
      include: { routingRuns: { orderBy: { createdAt: "asc" } }, deliveries: { orderBy: { createdAt: "asc" } } },
    });
    expect(replayed).toMatchObject({ status: "routed", tags: ["new"], routing: { team: "new" } });
    expect(replayed.routingRuns.map((run) => [run.runKey, run.trigger, run.tags])).toEqual([
      ["received", "received", ["old"]],
      [`replay:${token}`, "replay", ["new"]],
    ]);
    const trace = replayed.routingRuns[1]!.trace as Array<{ ruleId: string; ruleVersion: number; matched: boolean }>;
    expect(trace.map((entry) => [entry.ruleId, entry.ruleVersion, entry.matched])).toEqual([[rule!.id, 2, true]]);
    // A new delivery row for the new run, with its own webhook id and deliver job.
    expect(replayed.deliveries).toHaveLength(2);
    expect(replayed.deliveries.map((delivery) => delivery.routingRunId)).toEqual(
      replayed.routingRuns.map((run) => run.id),
    );
    expect(new Set(replayed.deliveries.map((delivery) => delivery.webhookId)).size).toBe(2);
    const deliverJobs = await pool().query(
      "SELECT 1 FROM pgboss.job WHERE name = 'deliver' AND data->'deliveryIds' @> jsonb_build_array($1::text)",
      [replayed.deliveries[1]!.id],
    );
    expect(deliverJobs.rowCount).toBe(1);

    // A new token is a deliberate second replay.
    const again = newReplayToken();
    expect(await replayEvent({ eventId: event.id, token: again, actor: TEST_ACTOR })).toBe("queued");
    await work(await replayJobs(`replay:${again}`));
    expect(await db().routingRun.count({ where: { eventId: event.id } })).toBe(3);
    expect(await db().delivery.count({ where: { eventId: event.id } })).toBe(3);
  });

  it("answers missing for an event that does not exist, and queues nothing", async () => {
    const token = newReplayToken();
    expect(await replayEvent({ eventId: randomUUID(), token, actor: TEST_ACTOR })).toBe("missing");
    expect(await replayJobs(`replay:${token}`)).toEqual([]);
  });
});

describe("replayBulkKind", () => {
  it("walks the filter in keyset batches, enqueues each matching event once, and a repeated batch adds nothing", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    await createRule({ sourceId: source.id, input: tagRule(destination.id, "replayed"), actor: TEST_ACTOR });
    const base = Date.now() - 60_000;
    const matching = [];
    for (let i = 0; i < 5; i++)
      matching.push(await storedEvent(source.id, { priority: "high", n: i }, new Date(base + i * 1000)));
    const other = await storedEvent(source.id, { priority: "low" }, new Date(base + 2500));
    // A filter stored before the payload query was retired: its q is read as where.
    const filter = replayBulkKind.parseFilter({ source: source.id, q: "priority = high" });
    expect(await replayBulkKind.count(filter)).toBe(5);

    const operationId = randomUUID();
    const runKey = replayRunKey(operationId);
    const batch = (cursor: string | null) =>
      withTransaction((tx) => replayBulkKind.runBatch({ operationId, filter, cursor, limit: 3, tx }));
    const first = await batch(null);
    expect(first.processed).toBe(3);
    expect(first.cursor).not.toBeNull();
    // Newest first: the three latest matching events.
    expect((await replayJobs(runKey)).map((job) => (job.data as { eventId: string }).eventId).sort()).toEqual(
      matching
        .slice(2)
        .map((event) => event.id)
        .sort(),
    );

    // pg-boss runs the first batch again: no new jobs.
    const repeated = await batch(null);
    expect(repeated).toEqual(first);
    expect(await replayJobs(runKey)).toHaveLength(3);

    const second = await batch(first.cursor);
    expect(second).toEqual({ processed: 2, cursor: null });
    const queued = await replayJobs(runKey);
    expect(queued.map((job) => (job.data as { eventId: string }).eventId).sort()).toEqual(
      matching.map((event) => event.id).sort(),
    );
    expect(queued.map((job) => job.data)).not.toContainEqual(expect.objectContaining({ eventId: other.id }));

    await work(queued);
    await work(queued);
    const runs = await db().routingRun.findMany({ where: { runKey } });
    expect(runs).toHaveLength(5);
    expect(new Set(runs.map((run) => run.trigger))).toEqual(new Set(["replay"]));
    expect(await db().delivery.count({ where: { routingRun: { runKey } } })).toBe(5);
    expect(
      await db().event.count({ where: { id: { in: matching.map((event) => event.id) }, tags: { has: "replayed" } } }),
    ).toBe(5);
  });

  it("rolls its jobs back with the engine's transaction", async () => {
    const source = await createTestSource();
    await storedEvent(source.id, { priority: "high" });
    const operationId = randomUUID();
    const filter = replayBulkKind.parseFilter({ source: source.id });
    await expect(
      withTransaction(async (tx) => {
        await replayBulkKind.runBatch({ operationId, filter, cursor: null, limit: 10, tx });
        throw new Error("the engine failed after the batch");
      }),
    ).rejects.toThrow("the engine failed");
    expect(await replayJobs(replayRunKey(operationId))).toEqual([]);
  });

  it("fixes a quick range in time when the operation starts, and every later batch reads the same window", () => {
    const before = Date.now();
    const pinned = replayBulkKind.parseFilter({ range: "24h", status: "routed" });
    expect(pinned.range).toBeUndefined();
    expect(Date.parse(pinned.from!)).toBeGreaterThanOrEqual(before - 86_400_000);
    expect(Date.parse(pinned.to!)).toBeGreaterThanOrEqual(before);
    expect(replayBulkKind.parseFilter(pinned)).toEqual(pinned);
  });

  it("refuses an invalid stored filter and an unreadable cursor", async () => {
    expect(() => replayBulkKind.parseFilter({ q: "priority in high" })).toThrow();
    expect(() => replayBulkKind.parseFilter({ status: "routed", bogus: true })).toThrow();
    await expect(
      withTransaction((tx) =>
        replayBulkKind.runBatch({ operationId: randomUUID(), filter: {}, cursor: "garbage", limit: 10, tx }),
      ),
    ).rejects.toThrow("unreadable cursor");
  });
});
