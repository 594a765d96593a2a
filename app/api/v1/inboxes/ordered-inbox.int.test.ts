// The bar of per-key ordering for inboxes: 1,000 events over 50 keys through an inbox with an
// ordering key, consumed by two concurrent agents over real HTTP (inbox token, long-poll receive,
// ack, and random nacks), arrive in receive order per key, each at least once, none lost, and no
// key ever has two messages out at once. Events are routed in a shuffled order, so the inbox's
// own sequence differs from receive order: the order comes from the events' received_at.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { createInbox } from "@/lib/inboxes/create-inbox";
import { createInboxToken } from "@/lib/inboxes/create-inbox-token";
import type { InboxMessageView } from "@/lib/inboxes/schema";
import { stopLive } from "@/lib/live/live-listener";
import { routeEvents } from "@/lib/pipeline/routing/route-events";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestSource, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import { startRouteServer } from "@/lib/testing/route-server";
import * as receiveRoute from "./[id]/messages/receive/route";
import * as ackRoute from "./[id]/messages/[messageId]/ack/route";
import * as nackRoute from "./[id]/messages/[messageId]/nack/route";

const EVENTS = 1000;
const KEYS = 50;

let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  server = await startRouteServer({
    "/inboxes/[id]/messages/receive": receiveRoute,
    "/inboxes/[id]/messages/[messageId]/ack": ackRoute,
    "/inboxes/[id]/messages/[messageId]/nack": nackRoute,
  });
});

afterAll(async () => {
  await server.close();
  await stopLive();
  await stopSender();
  await disconnectDb();
});

async function post(token: string, path: string, body: unknown): Promise<{ status: number; data?: unknown }> {
  const response = await fetch(server.url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { data?: unknown }) };
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("an ordered inbox with two consumers", () => {
  it("delivers 1,000 events over 50 keys in receive order per key, each at least once, none lost, one message per key out at a time", { timeout: 240_000 }, async () => {
    const { inbox } = await createInbox({ input: { name: uniqueName("ordered inbox"), maxAttempts: 100, orderingKey: "{{ticket.id}}" }, actor: TEST_ACTOR });
    expect(inbox.orderingKey).toBe("{{ticket.id}}");
    const { plaintext: token } = await createInboxToken({ inboxId: inbox.id, input: { name: "agents" }, actor: TEST_ACTOR });
    const source = await createTestSource();
    await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "All to the inbox", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [inbox.id] }] },
    });

    // Received one millisecond apart, keys round-robin with a random start.
    const base = Date.now() - 60_000;
    const rows = Array.from({ length: EVENTS }, (_, n) => {
      const payload = { ticket: { id: `t-${(n * 7) % KEYS}` }, n };
      const body = Buffer.from(JSON.stringify(payload));
      return { sourceId: source.id, receivedAt: new Date(base + n), method: "POST", headers: { "content-type": "application/json" }, contentType: "application/json", body, bodySize: body.length, payload };
    });
    const events = await db().event.createManyAndReturn({ data: rows, select: { id: true, receivedAt: true, payload: true } });
    const keyOf = new Map(events.map((event) => [event.id, (event.payload as { ticket: { id: string } }).ticket.id]));
    const receiveOrder = new Map<string, string[]>();
    for (const event of [...events].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id))) {
      const key = keyOf.get(event.id)!;
      receiveOrder.set(key, [...(receiveOrder.get(key) ?? []), event.id]);
    }

    // Routed in a shuffled order, in batches, while the consumers already run.
    const routing = (async () => {
      const order = shuffled(events.map((event) => event.id));
      for (let start = 0; start < order.length; start += 50) {
        const results = await routeEvents(order.slice(start, start + 50).map((eventId) => ({ eventId })));
        expect(results.every((result) => result === "routed")).toBe(true);
      }
    })();

    // What the agents saw: for each key, events in the order their successful acks were sent.
    const acked = new Map<string, string[]>();
    const ackedEvents = new Set<string>();
    let receives = 0;
    let nacks = 0;
    const held = new Map<string, string>(); // key -> message held (received, not yet settled)
    const overlaps: string[] = [];
    const consumer = async () => {
      while (ackedEvents.size < EVENTS) {
        const answer = await post(token, `/inboxes/${inbox.id}/messages/receive`, { max: 10, waitSeconds: 1 });
        expect(answer.status).toBe(200);
        const messages = answer.data as InboxMessageView[];
        receives += messages.length;
        for (const message of messages) {
          const eventId = (JSON.parse(message.body) as { event: { id: string } }).event.id;
          const key = keyOf.get(eventId)!;
          if (held.has(key)) overlaps.push(`${key}: ${held.get(key)} and ${message.id}`);
          held.set(key, message.id);
        }
        // Settle each in its own time, concurrently, like an agent working through a batch.
        await Promise.all(
          messages.map(async (message) => {
            const eventId = (JSON.parse(message.body) as { event: { id: string } }).event.id;
            const key = keyOf.get(eventId)!;
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
            if (Math.random() < 0.25) {
              held.delete(key);
              nacks++;
              const nacked = await post(token, `/inboxes/${inbox.id}/messages/${message.id}/nack`, { leaseId: message.leaseId, delaySeconds: 0, error: "random nack" });
              expect(nacked.status).toBe(200);
              return;
            }
            // Recorded when the ack is sent: the next message of the key can only be leased after it commits.
            held.delete(key);
            const first = !ackedEvents.has(eventId);
            if (first) acked.set(key, [...(acked.get(key) ?? []), eventId]);
            ackedEvents.add(eventId);
            const answer = await post(token, `/inboxes/${inbox.id}/messages/${message.id}/ack`, { leaseId: message.leaseId });
            expect(answer.status).toBe(200);
          }),
        );
      }
    };
    await Promise.all([consumer(), consumer(), routing]);

    expect(overlaps).toEqual([]);
    expect(nacks).toBeGreaterThan(0);
    expect(receives).toBeGreaterThanOrEqual(EVENTS + nacks);
    expect(ackedEvents.size).toBe(EVENTS);
    expect(acked.size).toBe(KEYS);
    for (const [key, order] of receiveOrder) expect(acked.get(key), `key ${key}`).toEqual(order);
    // None lost, none left: every delivery succeeded, every message acked.
    const deliveries = await db().delivery.groupBy({ by: ["status"], where: { destinationId: inbox.id }, _count: true });
    expect(deliveries).toEqual([{ status: "succeeded", _count: EVENTS }]);
    expect(await db().inboxMessage.count({ where: { destinationId: inbox.id, state: { not: "acked" } } })).toBe(0);
  });
});
