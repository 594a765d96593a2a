// Per-key ordering of an HTTP destination across two real worker processes (pg-boss, batched
// dispatch, advisory locks) and a sink that fails at random: per key, the successful deliveries
// arrive in receive order, each event at least once, and a key never has two requests in flight.
// Then: a key whose head failed for good blocks only itself, and Skip or Retry unblocks it.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";
import { skipDelivery } from "@/lib/deliveries/skip-delivery";
import { listBlockedKeys } from "@/lib/ordering/list-blocked-keys";
import { routeEvents } from "@/lib/pipeline/routing/route-events";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestDestination, startSink, type Sink, type SinkRequest } from "@/lib/testing/delivery-fixtures";
import { createTestSource, eventually, TEST_ACTOR } from "@/lib/testing/factories";

let sink: Sink;
const workers: ChildProcess[] = [];
/** How the sink answers, by ticket key; 200 unless set. */
let answer: (key: string, request: SinkRequest) => number = () => 200;
const inFlight = new Set<string>();
const overlaps: string[] = [];
/** The status the sink answered each request with, by its index. */
const answered: number[] = [];

function keyOf(request: SinkRequest): string {
  return (JSON.parse(request.body.toString("utf8")) as { ticket: { id: string } }).ticket.id;
}

beforeAll(async () => {
  sink = await startSink((request, index) => {
    const key = keyOf(request);
    if (inFlight.has(key)) overlaps.push(key);
    inFlight.add(key);
    const delayMs = Math.floor(Math.random() * 15);
    // Scheduled before the sink's answer with the same delay, so it runs first.
    setTimeout(() => inFlight.delete(key), delayMs);
    const status = answer(key, request);
    answered[index] = status;
    return { status, delayMs };
  });
  // Two real worker processes (`npm run worker`) on this run's database.
  for (let index = 0; index < 2; index += 1) {
    workers.push(
      spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
        env: { ...process.env, SWITCHYARD_DATABASE_PREPARED: "1", LOG_LEVEL: "error", WORKER_CONCURRENCY: "8" },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
  }
});

afterAll(async () => {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve) => {
          if (worker.exitCode !== null || worker.signalCode !== null) return resolve(null);
          worker.once("exit", resolve);
          worker.kill("SIGTERM");
        }),
    ),
  );
  await sink.close();
  await stopSender();
  await disconnectDb();
});

/** A destination ordered by {{ticket.id}}, fed by a source whose rule forwards everything to it. */
async function orderedFixture(path: string, retrySchedule: number[]) {
  const destination = await createTestDestination({ url: `${sink.url}/${path}`, orderingKey: "{{ticket.id}}", retrySchedule, maxConcurrency: 10 });
  expect(destination.orderingKey).toBe("{{ticket.id}}");
  const source = await createTestSource();
  await createRule({
    sourceId: source.id,
    actor: TEST_ACTOR,
    input: { name: "All out", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] },
  });
  /** Stores events (received 1 ms apart, keys as given) and routes them in a shuffled order. */
  const publish = async (keys: string[]) => {
    const base = Date.now() - 10_000;
    const events = await db().event.createManyAndReturn({
      data: keys.map((key, n) => {
        const payload = { ticket: { id: key }, n };
        const body = Buffer.from(JSON.stringify(payload));
        return { sourceId: source.id, receivedAt: new Date(base + n), method: "POST", headers: { "content-type": "application/json" }, contentType: "application/json", body, bodySize: body.length, payload };
      }),
      select: { id: true, receivedAt: true },
    });
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    for (let start = 0; start < shuffled.length; start += 25) await routeEvents(shuffled.slice(start, start + 25).map((event) => ({ eventId: event.id })));
    return events.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id)).map((event) => event.id);
  };
  return { destination, publish };
}

async function allSettled(destinationId: string, count: number, timeoutMs = 150_000) {
  await eventually(async () => (await db().delivery.count({ where: { destinationId, status: { in: ["succeeded", "cancelled"] } } })) === count, { timeoutMs, intervalMs: 250 });
}

describe("an ordered HTTP destination with two workers", () => {
  it("delivers 300 events over 20 keys in receive order per key through random failures, each at least once, one request per key at a time", { timeout: 200_000 }, async () => {
    const { destination, publish } = await orderedFixture("ordered", Array.from({ length: 20 }, () => 1));
    answer = () => (Math.random() < 0.3 ? 503 : 200);
    const keys = Array.from({ length: 300 }, (_, n) => `k${(n * 3) % 20}`);
    const ordered = await publish(keys);
    await allSettled(destination.id, ordered.length);

    const deliveries = await db().delivery.findMany({ where: { destinationId: destination.id }, select: { webhookId: true, eventId: true, status: true, attempts: true } });
    expect(deliveries.every((delivery) => delivery.status === "succeeded")).toBe(true);
    expect(deliveries.some((delivery) => delivery.attempts > 1)).toBe(true);
    const eventOf = new Map(deliveries.map((delivery) => [delivery.webhookId, delivery.eventId]));
    const keyOfEvent = new Map(ordered.map((eventId, index) => [eventId, keys[index]!]));
    // Events were stored in key order of `keys`: the receive order of each key.
    const expected = new Map<string, string[]>();
    for (const eventId of ordered) expected.set(keyOfEvent.get(eventId)!, [...(expected.get(keyOfEvent.get(eventId)!) ?? []), eventId]);
    const succeeded = new Map<string, string[]>();
    const mine = sink.requests.filter((request) => request.url === "/ordered");
    for (const [index, request] of sink.requests.entries()) {
      if (request.url !== "/ordered" || answered[index] !== 200) continue;
      const eventId = eventOf.get(String(request.headers["webhook-id"]))!;
      const key = keyOf(request);
      const seen = succeeded.get(key) ?? [];
      if (!seen.includes(eventId)) succeeded.set(key, [...seen, eventId]);
    }
    expect(mine.length).toBeGreaterThan(ordered.length);
    for (const [key, order] of expected) expect(succeeded.get(key), `key ${key}`).toEqual(order);
    expect(overlaps).toEqual([]);
  });

  it("a failed head blocks only its key, shown with what waits; skip lets the next go, retry delivers the head again", { timeout: 120_000 }, async () => {
    const { destination, publish } = await orderedFixture("blocking", []);
    // The first event of key "a" fails for good (no retries); everything else succeeds.
    let failFirst = true;
    answer = (key) => {
      if (key === "a" && failFirst) {
        failFirst = false;
        return 500;
      }
      return 200;
    };
    const ordered = await publish(["a", "a", "b", "a", "b"]);
    // b flows; a's head failed and the two behind it wait.
    await eventually(async () => (await db().delivery.count({ where: { destinationId: destination.id, status: "succeeded" } })) === 2, { timeoutMs: 30_000 });
    await eventually(async () => (await db().delivery.count({ where: { destinationId: destination.id, status: "failed" } })) === 1, { timeoutMs: 30_000 });
    const blocked = await listBlockedKeys({ destinationId: destination.id });
    expect(blocked).toMatchObject([{ key: "a", eventId: ordered[0], status: "failed", attempts: 1, waiting: 2 }]);
    expect(await db().delivery.count({ where: { destinationId: destination.id, status: "pending" } })).toBe(2);

    // Retry: the head goes again (and now succeeds); then the rest of "a", in order.
    expect((await retryDelivery({ id: blocked[0]!.deliveryId, actor: TEST_ACTOR })).ok).toBe(true);
    await allSettled(destination.id, 5, 30_000);
    const aEvents = (await db().delivery.findMany({ where: { destinationId: destination.id }, select: { webhookId: true, eventId: true } })).reduce(
      (map, row) => map.set(row.webhookId, row.eventId),
      new Map<string, string>(),
    );
    const aOrder = sink.requests.filter((request) => request.url === "/blocking" && keyOf(request) === "a").map((request) => aEvents.get(String(request.headers["webhook-id"])));
    expect(aOrder).toEqual([ordered[0], ordered[0], ordered[1], ordered[3]]);
    expect(await listBlockedKeys({ destinationId: destination.id })).toEqual([]);

    // Skip: a new head that fails for good is skipped; the one behind it goes, the skipped one never.
    failFirst = true;
    const more = await publish(["a", "a"]);
    await eventually(async () => (await listBlockedKeys({ destinationId: destination.id })).length === 1, { timeoutMs: 30_000 });
    const [head] = await listBlockedKeys({ destinationId: destination.id });
    expect(head).toMatchObject({ key: "a", eventId: more[0], waiting: 1 });
    expect(await skipDelivery({ id: head!.deliveryId, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    await eventually(async () => (await db().delivery.count({ where: { destinationId: destination.id, eventId: more[1], status: "succeeded" } })) === 1, { timeoutMs: 30_000 });
    expect(await db().delivery.findFirstOrThrow({ where: { destinationId: destination.id, eventId: more[0] } })).toMatchObject({ status: "cancelled", attempts: 1 });
    expect(await skipDelivery({ id: head!.deliveryId, actor: TEST_ACTOR })).toMatchObject({ ok: false, code: "delivery_not_skippable" });
  });
});

