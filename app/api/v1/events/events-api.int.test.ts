// GET /api/v1/events, called as Next calls the route handler.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { EventListItemView } from "@/lib/events/schema";
import { refreshEventSummaries } from "@/lib/summaries/refresh-event-summaries";
import { createTestSource, createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import { GET as getBody } from "./[id]/body/route";
import { GET } from "./route";

afterAll(() => disconnectDb());

let token = "";
let sourceId = "";
const eventIds: string[] = [];

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "events api tests", actor: TEST_ACTOR })).token;
  // Names its events by the body's priority (the events list search looks in these names).
  sourceId = (await createTestSource({ summaryTemplate: "Ticket {{data.customer.email}} · {{data.priority}}" })).id;
  const base = Date.now() - 60_000;
  for (const [index, priority] of ["low", "high", "urgent", "high"].entries()) {
    const payload = { data: { priority, customer: { email: `c${index}@example.com` } } };
    const body = Buffer.from(JSON.stringify(payload));
    const event = await db().event.create({
      data: {
        sourceId,
        receivedAt: new Date(base + index * 1000),
        method: "POST",
        headers: {},
        contentType: "application/json",
        body,
        bodySize: body.length,
        payload,
        status: index === 0 ? "unmatched" : "routed",
        tags: index === 1 ? ["vip"] : [],
      },
    });
    eventIds.push(event.id);
  }
});

interface Answer {
  status: number;
  body: {
    data?: unknown[];
    nextCursor?: string | null;
    error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> };
  };
}

async function get(query: Record<string, string>, auth: string | null = `Bearer ${token}`): Promise<Answer> {
  const response = await GET(
    new Request(`http://localhost:3999/api/v1/events?${new URLSearchParams(query)}`, {
      headers: auth ? { authorization: auth } : {},
    }),
  );
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

describe("GET /api/v1/events", () => {
  it("needs a token", async () => {
    expect((await get({ source: sourceId }, null)).status).toBe(401);
    expect((await get({ source: sourceId }, "Bearer swy_wrong")).body.error?.code).toBe("unauthorized");
  });

  it("lists a source's events newest first in the documented shape", async () => {
    const answer = await get({ source: sourceId });
    expect(answer.status).toBe(200);
    const events = z.array(EventListItemView).parse(answer.body.data);
    expect(events.map((event) => event.id)).toEqual([...eventIds].reverse());
    expect(events[2]).toMatchObject({
      sourceId,
      status: "routed",
      tags: ["vip"],
      duplicateCount: 0,
      contentType: "application/json",
    });
    expect(answer.body.nextCursor).toBeNull();
  });

  it("applies the page's filters: conditions, status, tag", async () => {
    const ids = async (query: Record<string, string>) =>
      ((await get({ source: sourceId, ...query })).body.data as Array<{ id: string }>).map((event) => event.id);
    expect(await ids({ where: 'body.data.priority in ("high", "urgent")' })).toEqual([eventIds[3], eventIds[2], eventIds[1]]);
    expect(await ids({ where: 'body.data.customer.email = "c2@example.com"' })).toEqual([eventIds[2]]);
    expect(await ids({ status: "unmatched" })).toEqual([eventIds[0]]);
    expect(await ids({ tag: "vip" })).toEqual([eventIds[1]]);
  });

  it("takes the rule builder's conditions as `where`, and names a parse error's position", async () => {
    const ids = async (query: Record<string, string>) =>
      ((await get({ source: sourceId, ...query })).body.data as Array<{ id: string }>).map((event) => event.id);
    expect(await ids({ where: 'body.data.priority in ("high", "urgent") and body.data.customer.email begins with "C2@"' })).toEqual([
      eventIds[2],
    ]);
    const answer = await get({ where: "body.data.priority = high or" });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("invalid_request");
    expect(answer.body.error?.details?.[0]?.path).toEqual(["where"]);
    expect(answer.body.error?.details?.[0]?.message).toContain("at character 27");
  });

  it("pages with limit and cursor (or before, its former name), keeping the filter", async () => {
    const first = await get({ source: sourceId, where: 'body.data.priority = "high"', limit: "1" });
    expect((first.body.data as Array<{ id: string }>).map((event) => event.id)).toEqual([eventIds[3]]);
    for (const cursorName of ["cursor", "before"]) {
      const second = await get({ source: sourceId, where: 'body.data.priority = "high"', limit: "1", [cursorName]: first.body.nextCursor! });
      expect((second.body.data as Array<{ id: string }>).map((event) => event.id), cursorName).toEqual([eventIds[1]]);
      expect(second.body.nextCursor).toBeNull();
    }
  });

  it("refuses a query parameter it does not take, naming it", async () => {
    const answer = await get({ source: sourceId, stauts: "failed" });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("invalid_request");
    expect(answer.body.error?.details).toEqual([{ path: ["stauts"], message: expect.stringContaining('Unknown query parameter "stauts"') as unknown }]);
    expect(answer.body.error?.message).toContain("stauts");
  });

  it("names each event by its summary, and searches those names", async () => {
    const events = z.array(EventListItemView).parse((await get({ source: sourceId })).body.data);
    expect(events.map((event) => event.summary)).toEqual(["Ticket c3@example.com · high", "Ticket c2@example.com · urgent", "Ticket c1@example.com · high", "Ticket c0@example.com · low"]);
    // The search looks in stored names: these events were stored without routing, so name them as the refresh job does.
    await refreshEventSummaries({ sourceId });
    const found = await get({ source: sourceId, search: "C2@EXAMPLE" });
    expect((found.body.data as Array<{ id: string }>).map((event) => event.id)).toEqual([eventIds[2]]);
    const tooLong = await get({ search: "x".repeat(201) });
    expect(tooLong.body.error?.details?.[0]?.path).toEqual(["search"]);
  });

  it("answers invalid_request naming each bad parameter, never a 500", async () => {
    const answer = await get({ where: "body.data.priority in high", status: "lost", before: "nope", limit: "500" });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("invalid_request");
    expect(answer.body.error?.message).toBe(
      "status: One of: received, routed, unmatched, ignored, failed, duplicate (and 3 more; see details)",
    );
    expect(answer.body.error?.details?.map((issue) => issue.path)).toEqual([["status"], ["where"], ["before"], ["limit"]]);
  });

  it("refuses the retired payload query q with the same filter as where, never other events silently", async () => {
    const answer = await get({ source: sourceId, q: "data.priority in (high, urgent)" });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("payload_query_retired");
    expect(answer.body.error?.message).toContain('send where=body.data.priority in ("high", "urgent") instead');
    const unreadable = await get({ q: "data.priority in high" });
    expect(unreadable.body.error?.code).toBe("payload_query_retired");
    expect(unreadable.body.error?.message).toContain('could not be read (Expected "(" after "in" at character 18');
  });
});

describe("GET /api/v1/events/{id}/body", () => {
  const download = async (id: string, auth: string | null = `Bearer ${token}`) =>
    getBody(new Request(`http://localhost:3999/api/v1/events/${id}/body`, { headers: auth ? { authorization: auth } : {} }), { params: Promise.resolve({ id }) });

  it("answers the body byte for byte, as a download that no browser renders", async () => {
    // Keys out of order, odd spacing, a number JSON.parse would round, and bytes that are not UTF-8.
    const bytes = Buffer.concat([Buffer.from('{"b":1,  "10":2,"n":12345678901234567890,"s":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const event = await db().event.create({
      data: { sourceId, method: "POST", headers: {}, contentType: "text/html; charset=utf-8", body: bytes, bodySize: bytes.length },
    });
    const response = await download(event.id);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="event-${event.id}.html.txt"`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-switchyard-content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("needs a token, and answers event_not_found for an unknown or malformed id", async () => {
    expect((await download(eventIds[0]!, null)).status).toBe(401);
    const missing = await download("5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("event_not_found");
    expect((await download("not-a-uuid")).status).toBe(404);
  });
});
