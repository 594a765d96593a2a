// The LISTEN connection against the real database: the triggers' notifications reach subscribers,
// and a dropped connection is re-established and announced as a resync.
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
    await until(() => first.messages.some((message) => message.id === event.id));
    expect(first.messages).toContainEqual({ kind: "event", id: event.id, sourceId: source.id, status: "received" });
    await until(() => second.messages.some((message) => message.id === event.id));

    await db().event.update({ where: { id: event.id }, data: { status: "routed" } });
    await until(() => first.messages.some((message) => message.id === event.id && message.kind === "event" && message.status === "routed"));

    // Once unsubscribed, nothing more arrives.
    b.unsubscribe();
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/hook" });
    const delivery = await createTestDelivery({ destinationId: destination.id, sourceId: source.id });
    await until(() => first.messages.some((message) => message.id === delivery.id));
    expect(first.messages).toContainEqual({ kind: "delivery", id: delivery.id, eventId: delivery.eventId, destinationId: destination.id, status: "pending" });
    expect(second.messages.some((message) => message.id === delivery.id)).toBe(false);
    a.unsubscribe();
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
    await until(() => messages.some((message) => message.id === event.id));
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
