// storeEvent and storeEvents (group commit): batches written in one transaction, copies folded,
// and PostgreSQL refusing a row's data (parse-payload keeps such bodies raw, so those rows are built
// by hand to reach the fallback with a real refusal).
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { storeEvent, storeEvents, UnstorableEventError, type NewEvent } from "@/lib/pipeline/ingest/store-event";
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
    traceParent: null,
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

describe("storeEvents: one batch, one transaction", () => {
  /** The route-event jobs naming any of these events: each job's event ids. */
  async function routeJobs(eventIds: string[]): Promise<string[][]> {
    const jobs = await db().$queryRaw<Array<{ event_ids: string[] }>>`
      SELECT ARRAY(SELECT jsonb_array_elements_text(data->'eventIds')) AS event_ids FROM pgboss.job
       WHERE name = 'route-event' AND data->'eventIds' ?| ${eventIds}::text[]`;
    return jobs.map((job) => job.event_ids);
  }

  it("stores every event of a batch with its job, folding copies of a dedupe key into one row", async () => {
    const source = await createTestSource();
    const before = await storeEvent(event(source.id, { payload: { n: 0 }, dedupeKey: "seen-before" }));
    const batch = [
      event(source.id, { payload: { n: 1 }, dedupeKey: "k1" }),
      event(source.id, { payload: { n: 2 }, dedupeKey: "k2" }),
      event(source.id, { payload: { n: 3 }, dedupeKey: "k1" }),
      event(source.id, { payload: { n: 4 }, dedupeKey: null }),
      event(source.id, { payload: { n: 5 }, dedupeKey: "seen-before" }),
      event(source.id, { payload: { n: 6 }, dedupeKey: "k1" }),
    ];
    const results = (await storeEvents(batch)) as Array<{ eventId: string; duplicate: boolean }>;
    expect(results.map((result) => result.duplicate)).toEqual([false, false, true, false, true, true]);
    expect(new Set([results[0]!.eventId, results[2]!.eventId, results[5]!.eventId]).size).toBe(1);
    expect(results[4]!.eventId).toBe(before.eventId);

    const rows = await db().event.findMany({ where: { sourceId: source.id }, orderBy: [{ receivedAt: "asc" }, { id: "asc" }] });
    expect(rows.map((row) => [row.dedupeKey, row.duplicateCount, row.payload])).toEqual([
      ["seen-before", 1, { n: 0 }],
      ["k1", 2, { n: 1 }],
      ["k2", 0, { n: 2 }],
      [null, 0, { n: 4 }],
    ]);
    expect(rows[1]!.lastDuplicateAt).not.toBeNull();
    // One routing job per commit, naming every row it wrote: the event stored before in its own;
    // the batch's three new events in the batch's, with the row that turned out a duplicate of
    // "seen-before", under an id that has no event (routing passes over it). No copy folded before
    // the insert is named.
    const jobs = await routeJobs(rows.map((row) => row.id));
    expect(jobs).toHaveLength(2);
    expect(jobs.find((ids) => ids.includes(rows[0]!.id))).toEqual([rows[0]!.id]);
    const batchJob = jobs.find((ids) => ids.includes(rows[1]!.id))!;
    expect(batchJob).toHaveLength(4);
    expect(batchJob.filter((id) => rows.some((row) => row.id === id)).sort()).toEqual([rows[1]!.id, rows[2]!.id, rows[3]!.id].sort());
    const folded = batchJob.filter((id) => !rows.some((row) => row.id === id));
    expect(await db().event.count({ where: { id: { in: folded } } })).toBe(0);
  });

  it("one event PostgreSQL refuses does not fail the others of its batch", async () => {
    const source = await createTestSource();
    const results = await storeEvents([
      event(source.id, { payload: { n: 1 } }),
      event(source.id, { payload: { a: "\u0000" } }),
      event(source.id, { dedupeKey: "a\u0000b" }),
      event(source.id, { payload: { n: 4 } }),
    ]);
    expect(results[2]).toBeInstanceOf(UnstorableEventError);
    const stored = [results[0], results[1], results[3]] as Array<{ eventId: string }>;
    const rows = await db().event.findMany({ where: { id: { in: stored.map((result) => result.eventId) } } });
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.id === stored[1]!.eventId)).toMatchObject({ payload: null, parseError: expect.stringMatching(/^PostgreSQL refused the parsed body/) as unknown });
    expect(await db().event.count({ where: { sourceId: source.id } })).toBe(3);
    expect(await routeJobs(stored.map((result) => result.eventId))).toHaveLength(3);
  });

  it("concurrent requests share commits: 200 at once are all stored, each answered with its own event", async () => {
    const source = await createTestSource();
    const results = await Promise.all(Array.from({ length: 200 }, (_, n) => storeEvent(event(source.id, { payload: { n }, dedupeKey: `c${n}` }))));
    expect(new Set(results.map((result) => result.eventId)).size).toBe(200);
    const rows = await db().event.findMany({ where: { sourceId: source.id }, select: { id: true, payload: true } });
    const payloadOf = new Map(rows.map((row) => [row.id, row.payload]));
    results.forEach((result, n) => expect(payloadOf.get(result.eventId)).toEqual({ n }));
  });
});
