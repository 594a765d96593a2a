import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { receive } from "@/lib/ingest/receive";
import { stopSender } from "@/lib/queue";
import { createTestSource, webhookRequest } from "@/lib/testing/factories";

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

async function jobsFor(eventId: string) {
  return db().$queryRaw<Array<{ name: string; state: string }>>`
    SELECT name, state FROM pgboss.job WHERE data->>'eventId' = ${eventId}`;
}

describe("receive", () => {
  it("stores the raw request and enqueues one route-event job with it", async () => {
    const source = await createTestSource();
    const body = JSON.stringify({ type: "ticket.created", ticket: { id: 7, subject: "Printer on fire" } });
    const response = await receive({
      key: source.key,
      request: webhookRequest(source.key, { body, headers: { "x-custom": "yes", authorization: "Bearer secret-token" } }),
    });

    expect(response.status).toBe(200);
    const { eventId } = (await response.json()) as { eventId: string };
    const event = await db().event.findUniqueOrThrow({ where: { id: eventId } });
    expect(event.sourceId).toBe(source.id);
    expect(event.method).toBe("POST");
    expect(event.query).toBe("via=test");
    expect(Buffer.from(event.body).toString("utf8")).toBe(body);
    expect(event.bodySize).toBe(Buffer.byteLength(body));
    expect(event.payload).toEqual({ type: "ticket.created", ticket: { id: 7, subject: "Printer on fire" } });
    expect(event.status).toBe("received");
    const headers = event.headers as Record<string, string>;
    expect(headers["x-custom"]).toBe("yes");
    expect(headers.authorization).toBe("[redacted]");
    expect(await jobsFor(eventId)).toEqual([{ name: "route-event", state: "created" }]);
  });

  it("keeps bodies of any content type raw, and marks JSON that does not parse", async () => {
    const source = await createTestSource();
    const xml = await receive({ key: source.key, request: webhookRequest(source.key, { body: "<ping>1</ping>", contentType: "application/xml" }) });
    const broken = await receive({ key: source.key, request: webhookRequest(source.key, { body: '{"unterminated": ', contentType: "application/json" }) });

    const xmlEvent = await db().event.findUniqueOrThrow({ where: { id: ((await xml.json()) as { eventId: string }).eventId } });
    expect(Buffer.from(xmlEvent.body).toString()).toBe("<ping>1</ping>");
    expect(xmlEvent.payload).toBeNull();
    expect(xmlEvent.parseError).toBeNull();

    const brokenEvent = await db().event.findUniqueOrThrow({ where: { id: ((await broken.json()) as { eventId: string }).eventId } });
    expect(Buffer.from(brokenEvent.body).toString()).toBe('{"unterminated": ');
    expect(brokenEvent.payload).toBeNull();
    expect(brokenEvent.parseError).toMatch(/JSON/);
  });

  it("answers 404 JSON for an unknown key and stores nothing", async () => {
    const before = await db().event.count();
    const response = await receive({ key: "no-such-key", request: webhookRequest("no-such-key") });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "source_not_found" } });
    expect(await db().event.count()).toBe(before);
  });

  it("answers 410 for a disabled source", async () => {
    const source = await createTestSource();
    await db().source.update({ where: { id: source.id }, data: { enabled: false } });
    const response = await receive({ key: source.key, request: webhookRequest(source.key) });
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ error: { code: "source_disabled" } });
  });

  it("refuses a body over the limit with 413 and stores nothing", async () => {
    const source = await createTestSource();
    const response = await receive({ key: source.key, request: webhookRequest(source.key, { body: Buffer.alloc(1024 * 1024 + 1, 97), contentType: "text/plain" }) });
    expect(response.status).toBe(413);
    expect(await db().event.count({ where: { sourceId: source.id } })).toBe(0);
  });

  it("answers 405 with Allow for methods webhooks do not use", async () => {
    const source = await createTestSource();
    const response = await receive({ key: source.key, request: new Request(`http://localhost/in/${source.key}`, { method: "GET" }) });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, PUT, PATCH");
  });
});
