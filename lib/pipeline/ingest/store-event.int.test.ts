// storeEvent when PostgreSQL itself refuses a row's data: parse-payload keeps such bodies raw, so
// these rows are built by hand to reach the fallback with a real refusal.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { storeEvent, UnstorableEventError, type NewEvent } from "@/lib/pipeline/ingest/store-event";
import { stopSender } from "@/lib/queue";
import { createTestSource } from "@/lib/testing/factories";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

function event(sourceId: string, overrides: Partial<NewEvent>): NewEvent {
  const body = Buffer.from('{"a":"\\u0000"}');
  return {
    sourceId,
    method: "POST",
    query: "",
    headers: { "content-type": "application/json" },
    contentType: "application/json",
    body,
    payload: null,
    parseError: null,
    eventType: null,
    verification: { scheme: "none", verified: false },
    dedupeKey: null,
    ...overrides,
  };
}

describe("storeEvent: data PostgreSQL refuses", () => {
  it("stores the raw bytes again without the parsed payload, with a note, instead of failing", async () => {
    const source = await createTestSource();
    const stored = await storeEvent(event(source.id, { payload: { a: "\u0000" }, eventType: "ping" }));
    const row = await db().event.findUniqueOrThrow({ where: { id: stored.eventId } });
    expect(Buffer.from(row.body).toString()).toBe('{"a":"\\u0000"}');
    expect([row.payload, row.eventType]).toEqual([null, null]);
    expect(row.parseError).toMatch(/^PostgreSQL refused the parsed body \(22P05\); kept as raw bytes only\.$/);
  });

  it("reports data refused even without a payload as unstorable, not as the database being away", async () => {
    const source = await createTestSource();
    await expect(storeEvent(event(source.id, { dedupeKey: "a\u0000b" }))).rejects.toBeInstanceOf(UnstorableEventError);
    expect(await db().event.count({ where: { sourceId: source.id } })).toBe(0);
  });
});
