import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { runRetention } from "@/lib/housekeeping/run-retention";
import { createTestDelivery, createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestSource } from "@/lib/testing/factories";

afterAll(async () => {
  await disconnectDb();
});

const DAY_MS = 24 * 3600 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

async function addAttempts(deliveryId: string, startedAt: Date[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, at] of startedAt.entries()) {
    const row = await db().deliveryAttempt.create({
      data: {
        deliveryId,
        number: index + 1,
        startedAt: at,
        durationMs: 5,
        requestUrl: "https://example.com/hook",
        requestHeaders: {},
        responseStatus: 500,
      },
    });
    ids.push(row.id);
  }
  return ids;
}

/** A delivered (or still waiting) event, received `ageDays` ago, with attempts started at the given ages. */
async function seedDelivery({
  destinationId,
  sourceId,
  ageDays,
  status,
  attemptAges,
}: {
  destinationId: string;
  sourceId: string;
  ageDays: number;
  status: "succeeded" | "failed" | "pending" | "retrying";
  attemptAges: number[];
}) {
  const delivery = await createTestDelivery({ destinationId, sourceId });
  await db().delivery.update({ where: { id: delivery.id }, data: { status, createdAt: daysAgo(ageDays) } });
  await db().event.update({ where: { id: delivery.eventId }, data: { receivedAt: daysAgo(ageDays) } });
  const attemptIds = await addAttempts(delivery.id, attemptAges.map(daysAgo));
  return { eventId: delivery.eventId, deliveryId: delivery.id, runId: delivery.routingRunId, attemptIds };
}

async function existing() {
  const [events, deliveries, runs, attempts, rejected, bulk, audit] = await Promise.all([
    db().event.findMany({ select: { id: true } }),
    db().delivery.findMany({ select: { id: true } }),
    db().routingRun.findMany({ select: { id: true } }),
    db().deliveryAttempt.findMany({ select: { id: true } }),
    db().rejectedRequest.findMany({ select: { id: true } }),
    db().bulkOperation.findMany({ select: { id: true } }),
    db().auditLog.findMany({ select: { id: true } }),
  ]);
  const ids = (rows: Array<{ id: string }>) => new Set(rows.map((row) => row.id));
  return {
    events: ids(events),
    deliveries: ids(deliveries),
    runs: ids(runs),
    attempts: ids(attempts),
    rejected: ids(rejected),
    bulk: ids(bulk),
    audit: ids(audit),
  };
}

describe("runRetention", () => {
  it("deletes exactly what is past retention, in batches, and keeps events whose deliveries still wait", async () => {
    const source = await createTestSource();
    const destination = await createTestDestination({ url: "https://example.com/hook" });
    const base = { destinationId: destination.id, sourceId: source.id };

    // Old and done: everything goes, including two attempts younger than the cutoff (a late retry).
    const oldDone = await seedDelivery({ ...base, ageDays: 40, status: "failed", attemptAges: [40, 39, 38, 20, 10] });
    // Old, and delivered fine.
    const oldOk = await seedDelivery({ ...base, ageDays: 35, status: "succeeded", attemptAges: [35] });
    // Old events without deliveries (ignored or unmatched): enough for several chunks.
    const oldBare = [];
    for (let index = 0; index < 5; index++) {
      const event = await db().event.create({
        data: {
          sourceId: source.id,
          method: "POST",
          headers: {},
          body: new Uint8Array(),
          bodySize: 0,
          status: "unmatched",
          receivedAt: daysAgo(31 + index),
        },
      });
      oldBare.push(event.id);
    }
    // Old but still retrying: kept with its delivery; only its attempt past retention goes.
    const oldWaiting = await seedDelivery({ ...base, ageDays: 45, status: "retrying", attemptAges: [45, 5] });
    // New event: kept, but an attempt older than the cutoff still goes.
    const recent = await seedDelivery({ ...base, ageDays: 2, status: "failed", attemptAges: [31, 1] });

    const rejectedOld = await db().rejectedRequest.create({
      data: { sourceId: source.id, status: 401, reason: "signature", message: "bad", receivedAt: daysAgo(31) },
    });
    const rejectedNew = await db().rejectedRequest.create({
      data: { sourceId: source.id, status: 401, reason: "signature", message: "bad", receivedAt: daysAgo(29) },
    });

    const bulkOldDone = await db().bulkOperation.create({
      data: { kind: "retry", filter: {}, status: "completed", createdAt: daysAgo(41), finishedAt: daysAgo(40) },
    });
    const bulkOldRunning = await db().bulkOperation.create({
      data: { kind: "replay", filter: {}, status: "running", createdAt: daysAgo(41) },
    });
    const bulkNewDone = await db().bulkOperation.create({
      data: { kind: "retry", filter: {}, status: "cancelled", createdAt: daysAgo(3), finishedAt: daysAgo(3) },
    });

    const auditEntry = (at: Date) => ({
      actorLabel: "test",
      action: "source.updated",
      targetType: "source",
      targetId: source.id,
      targetName: source.name,
      at,
    });
    const auditOld = await db().auditLog.create({ data: auditEntry(daysAgo(366)) });
    const auditKept = await db().auditLog.create({ data: auditEntry(daysAgo(40)) });

    const result = await runRetention({ retentionDays: 30, auditRetentionDays: 365, batchSize: 2, pauseMs: 0 });

    expect(result).toMatchObject({ ran: true, complete: true });
    const after = await existing();
    const gone = [...oldDone.attemptIds, ...oldOk.attemptIds, oldWaiting.attemptIds[0]!, recent.attemptIds[0]!];
    for (const id of gone) expect(after.attempts.has(id), `attempt ${id}`).toBe(false);
    for (const id of [oldWaiting.attemptIds[1]!, recent.attemptIds[1]!])
      expect(after.attempts.has(id), `attempt ${id}`).toBe(true);
    for (const id of [oldDone.deliveryId, oldOk.deliveryId]) expect(after.deliveries.has(id)).toBe(false);
    for (const id of [oldWaiting.deliveryId, recent.deliveryId]) expect(after.deliveries.has(id)).toBe(true);
    for (const id of [oldDone.runId, oldOk.runId]) expect(after.runs.has(id)).toBe(false);
    for (const id of [oldWaiting.runId, recent.runId]) expect(after.runs.has(id)).toBe(true);
    for (const id of [oldDone.eventId, oldOk.eventId, ...oldBare])
      expect(after.events.has(id), `event ${id}`).toBe(false);
    for (const id of [oldWaiting.eventId, recent.eventId]) expect(after.events.has(id)).toBe(true);
    expect([after.rejected.has(rejectedOld.id), after.rejected.has(rejectedNew.id)]).toEqual([false, true]);
    expect([after.bulk.has(bulkOldDone.id), after.bulk.has(bulkOldRunning.id), after.bulk.has(bulkNewDone.id)]).toEqual(
      [false, true, true],
    );
    expect([after.audit.has(auditOld.id), after.audit.has(auditKept.id)]).toEqual([false, true]);

    // Counted per table (other test files' rows are never this old, but may be: hence at least).
    expect(result.deleted.delivery_attempts).toBeGreaterThanOrEqual(gone.length);
    expect(result.deleted.events).toBeGreaterThanOrEqual(7);
    expect(result.deleted.deliveries).toBeGreaterThanOrEqual(2);
    // Two rows per statement: no table went in one big DELETE.
    expect(result.batches.delivery_attempts).toBeGreaterThanOrEqual(Math.ceil(gone.length / 2));
    expect(result.batches.events).toBeGreaterThanOrEqual(4);

    // A second run finds nothing left to do.
    const again = await runRetention({ retentionDays: 30, auditRetentionDays: 365, batchSize: 2, pauseMs: 0 });
    expect(Object.values(again.deleted).every((count) => count === 0)).toBe(true);
  });

  it("prunes the circuit breaker's history, except what explains a circuit still open", async () => {
    const closed = await createTestDestination({ url: "https://example.com/closed" });
    const open = await createTestDestination({ url: "https://example.com/open" });
    await db().destination.update({ where: { id: open.id }, data: { circuitState: "open", circuitOpenedAt: daysAgo(45), circuitNextProbeAt: new Date() } });
    const event = (destinationId: string, ageDays: number, toState: "open" | "closed") =>
      db().destinationCircuitEvent.create({ data: { destinationId, at: daysAgo(ageDays), fromState: toState === "open" ? "closed" : "open", toState, reason: "test" } });
    const oldClosedHistory = [await event(closed.id, 50, "open"), await event(closed.id, 49, "closed")];
    const recentClosedHistory = await event(closed.id, 2, "open");
    const beforeItOpened = await event(open.id, 60, "closed");
    const whyItIsOpen = [await event(open.id, 45, "open"), await event(open.id, 44, "open")];

    const result = await runRetention({ retentionDays: 30, auditRetentionDays: 365, batchSize: 2, pauseMs: 0 });
    expect(result).toMatchObject({ ran: true, complete: true });
    const left = new Set((await db().destinationCircuitEvent.findMany({ where: { destinationId: { in: [closed.id, open.id] } } })).map((row) => row.id));
    expect([...oldClosedHistory, beforeItOpened].map((row) => left.has(row.id))).toEqual([false, false, false]);
    expect([recentClosedHistory, ...whyItIsOpen].map((row) => left.has(row.id))).toEqual([true, true, true]);
    expect(result.deleted.destination_circuit_events).toBeGreaterThanOrEqual(3);
  });

  it("prunes rule match counts older than eight days (the rules list shows a week)", async () => {
    const source = await createTestSource();
    const rule = await db().rule.create({ data: { sourceId: source.id, position: 0, name: "counted", conditions: { combinator: "and", rules: [] }, actions: [{ type: "stop" }] } });
    for (const days of [9, 7, 0]) await db().$executeRaw`INSERT INTO rule_match_counts (rule_id, bucket, matches) VALUES (${rule.id}::uuid, ${daysAgo(days)}, ${days + 1})`;
    const result = await runRetention({ retentionDays: 30, auditRetentionDays: 365, batchSize: 2, pauseMs: 0 });
    expect(result.deleted.rule_match_counts).toBeGreaterThanOrEqual(1);
    const left = await db().$queryRaw<Array<{ matches: number }>>`SELECT matches FROM rule_match_counts WHERE rule_id = ${rule.id}::uuid ORDER BY bucket`;
    expect(left.map((row) => row.matches)).toEqual([8, 1]);
  });

  it("does nothing while another run holds the lock", async () => {
    const source = await createTestSource();
    const old = await db().event.create({
      data: {
        sourceId: source.id,
        method: "POST",
        headers: {},
        body: new Uint8Array(),
        bodySize: 0,
        receivedAt: daysAgo(60),
      },
    });
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('switchyard.retention', 0))`);
      const skipped = await runRetention({ retentionDays: 30, pauseMs: 0 });
      expect(skipped).toMatchObject({ ran: false, complete: false });
      expect(await db().event.count({ where: { id: old.id } })).toBe(1);
    } finally {
      await holder.end();
    }
    expect(await runRetention({ retentionDays: 30, pauseMs: 0 })).toMatchObject({ ran: true, complete: true });
    expect(await db().event.count({ where: { id: old.id } })).toBe(0);
  });

  it("stops at its time budget, leaving the rest for the next run", async () => {
    const source = await createTestSource();
    const old = await db().event.create({
      data: {
        sourceId: source.id,
        method: "POST",
        headers: {},
        body: new Uint8Array(),
        bodySize: 0,
        receivedAt: daysAgo(60),
      },
    });
    const stopped = await runRetention({ retentionDays: 30, pauseMs: 0, maxDurationMs: -1 });
    expect(stopped).toMatchObject({ ran: true, complete: false });
    expect(await db().event.count({ where: { id: old.id } })).toBe(1);
  });
});
