// The LISTEN connection against the real database: the triggers' notifications reach subscribers,
// and a dropped connection is re-established and announced as a resync.
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb, pool } from "@/lib/db";
import { liveSubscriberCount, stopLive, subscribeLive, type LiveSubscriber } from "@/lib/live/live-listener";
import type { LiveMessage } from "@/lib/live/live-message";
import { createTestDelivery, createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestSource, eventually } from "@/lib/testing/factories";

/** Waits until the check (on state a notification fills in) is true. */
const until = (check: () => boolean) => eventually(() => Promise.resolve(check()));

afterAll(async () => {
  await stopLive();
  await disconnectDb();
});

function recorder() {
  const messages: LiveMessage[] = [];
  const counts = { resync: 0, close: 0 };
  const subscriber: LiveSubscriber = {
    message: (message) => messages.push(message),
    resync: () => (counts.resync += 1),
    close: () => (counts.close += 1),
  };
  return { messages, counts, subscriber };
}

async function insertEvent(sourceId: string) {
  const body = Buffer.from("{}");
  return db().event.create({ data: { sourceId, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length } });
}

describe("live listener", () => {
  it("hands every subscriber the notifications of event and delivery changes", async () => {
    const first = recorder();
    const second = recorder();
    const a = subscribeLive(first.subscriber);
    const b = subscribeLive(second.subscriber);
    await Promise.all([a.ready, b.ready]);

    const source = await createTestSource();
    const event = await insertEvent(source.id);
    const received = { kind: "event", sourceId: source.id, ids: [event.id] };
    await until(() => first.messages.some((message) => isDeepStrictEqual(message, received)));
    await until(() => second.messages.some((message) => isDeepStrictEqual(message, received)));

    first.messages.length = 0;
    await db().event.update({ where: { id: event.id }, data: { status: "routed" } });
    await until(() => first.messages.some((message) => isDeepStrictEqual(message, received)));

    // Once unsubscribed, nothing more arrives.
    b.unsubscribe();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    const delivery = await createTestDelivery({ destinationId: destination.id, sourceId: source.id });
    const announced = { kind: "delivery", destinationId: destination.id, ids: [delivery.id], eventIds: [delivery.eventId] };
    await until(() => first.messages.some((message) => isDeepStrictEqual(message, announced)));
    expect(second.messages.some((message) => message.kind === "delivery")).toBe(false);
    a.unsubscribe();
  });

  it("announces a statement's rows once, a message per destination and chunk of 80, each delivery beside its event", async () => {
    const { messages, subscriber } = recorder();
    const subscription = subscribeLive(subscriber);
    await subscription.ready;
    const source = await createTestSource();
    const [busy, quiet] = [await createTestDestination({ url: "http://127.0.0.1:9/busy" }), await createTestDestination({ url: "http://127.0.0.1:9/quiet" })];
    const deliveries = [];
    for (let index = 0; index < 170; index += 1) deliveries.push(await createTestDelivery({ destinationId: busy.id, sourceId: source.id }));
    const other = await createTestDelivery({ destinationId: quiet.id, sourceId: source.id });
    await until(() => messages.some((message) => message.kind === "delivery" && message.ids.includes(other.id)));

    messages.length = 0;
    await pool().query("UPDATE deliveries SET attempts = attempts WHERE destination_id = ANY($1::uuid[])", [[busy.id, quiet.id]]);
    const toBusy = () => messages.filter((message) => message.kind === "delivery" && message.destinationId === busy.id);
    await until(() => new Set(toBusy().flatMap((message) => (message.kind === "delivery" ? message.ids : []))).size === 170);
    await until(() => messages.some((message) => message.kind === "delivery" && message.destinationId === quiet.id));
    const chunks = toBusy();
    expect(chunks.map((message) => (message.kind === "delivery" ? message.ids.length : 0)).sort((a, b) => b - a)).toEqual([80, 80, 10]);
    const eventOf = new Map(deliveries.map((delivery) => [delivery.id, delivery.eventId]));
    for (const message of chunks) {
      if (message.kind !== "delivery") continue;
      expect(message.eventIds).toEqual(message.ids.map((id) => eventOf.get(id)));
    }
    expect(messages.filter((message) => message.kind === "delivery" && message.destinationId === quiet.id)).toEqual([
      { kind: "delivery", destinationId: quiet.id, ids: [other.id], eventIds: [other.eventId] },
    ]);
    subscription.unsubscribe();
  });

  it("reconnects after its connection is killed, tells subscribers to resync, and goes on delivering", async () => {
    const { messages, counts, subscriber } = recorder();
    const subscription = subscribeLive(subscriber);
    await subscription.ready;

    const killed = await pool().query<{ count: string }>(
      "SELECT count(pg_terminate_backend(pid)) AS count FROM pg_stat_activity WHERE application_name = 'switchyard-live' AND datname = current_database()",
    );
    expect(Number(killed.rows[0]?.count)).toBe(1);
    await until(() => counts.resync === 1);

    const source = await createTestSource();
    const event = await insertEvent(source.id);
    await until(() => messages.some((message) => message.kind === "event" && message.ids.includes(event.id)));
    subscription.unsubscribe();
  });

  it("ends every subscriber's stream when stopped", async () => {
    const { counts, subscriber } = recorder();
    await subscribeLive(subscriber).ready;
    expect(liveSubscriberCount()).toBe(1);
    await stopLive();
    expect(counts.close).toBe(1);
    expect(liveSubscriberCount()).toBe(0);
    const listening = await pool().query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'switchyard-live' AND datname = current_database()");
    expect(listening.rowCount).toBe(0);
  });
});
