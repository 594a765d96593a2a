// Inboxes end to end over real HTTP: events routed by a rule into an inbox, consumed with an inbox
// token through the route handlers served on a loopback port (receive, ack, nack, extend, lease
// expiry, dead-letter and retry, long-poll wake-up, the SSE stream and its Last-Event-ID resume).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Webhook } from "standardwebhooks";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb, pool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";
import type { InboxMessageView } from "@/lib/inboxes/schema";
import { stopLive } from "@/lib/live/live-listener";
import { routeEvent } from "@/lib/pipeline/routing/route-events";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestSource, createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import { startRouteServer } from "@/lib/testing/route-server";
import * as inboxesRoute from "./route";
import * as inboxRoute from "./[id]/route";
import * as tokensRoute from "./[id]/tokens/route";
import * as tokenRoute from "./[id]/tokens/[tokenId]/route";
import * as receiveRoute from "./[id]/messages/receive/route";
import * as ackRoute from "./[id]/messages/[messageId]/ack/route";
import * as nackRoute from "./[id]/messages/[messageId]/nack/route";
import * as extendRoute from "./[id]/messages/[messageId]/extend-lease/route";
import * as streamRoute from "./[id]/stream/route";

let server: Awaited<ReturnType<typeof startRouteServer>>;
let apiToken = "";

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  apiToken = (await createApiToken({ userId: user.id, name: "inbox tests", actor: TEST_ACTOR })).token;
  server = await startRouteServer({
    "/inboxes": inboxesRoute,
    "/inboxes/[id]": inboxRoute,
    "/inboxes/[id]/tokens": tokensRoute,
    "/inboxes/[id]/tokens/[tokenId]": tokenRoute,
    "/inboxes/[id]/messages/receive": receiveRoute,
    "/inboxes/[id]/messages/[messageId]/ack": ackRoute,
    "/inboxes/[id]/messages/[messageId]/nack": nackRoute,
    "/inboxes/[id]/messages/[messageId]/extend-lease": extendRoute,
    "/inboxes/[id]/stream": streamRoute,
  });
});

afterAll(async () => {
  await server.close();
  await stopLive();
  await stopSender();
  await disconnectDb();
});

async function call(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const json = (await response.json()) as { data?: unknown; secret?: string; token?: string; error?: { code: string } };
  return { status: response.status, ...json };
}

/** An inbox with a token, fed by a source whose one rule forwards every event to it. */
async function inboxFixture(settings: { leaseSeconds?: number; maxAttempts?: number } = {}) {
  const created = await call(apiToken, "POST", "/inboxes", { name: uniqueName("inbox"), ...settings });
  expect(created.status).toBe(201);
  const inbox = created.data as { id: string };
  const minted = await call(apiToken, "POST", `/inboxes/${inbox.id}/tokens`, { name: "agent" });
  expect(minted.status).toBe(201);
  const source = await createTestSource();
  await createRule({
    sourceId: source.id,
    actor: TEST_ACTOR,
    input: {
      name: "Everything to the agent",
      conditions: { combinator: "and", rules: [] },
      actions: [{ type: "forward", destinationIds: [inbox.id] }, { type: "addTags", tags: ["agent"] }, { type: "setRouting", fields: { team: "bots" } }],
    },
  });
  const publish = async (payload: Prisma.InputJsonObject) => {
    const body = Buffer.from(JSON.stringify(payload));
    const event = await db().event.create({
      data: { sourceId: source.id, method: "POST", headers: { "content-type": "application/json" }, contentType: "application/json", body, bodySize: body.length, payload, eventType: "ticket.created" },
    });
    expect(await routeEvent({ eventId: event.id })).toBe("routed");
    return event.id;
  };
  return { inboxId: inbox.id, secret: created.secret!, token: minted.token!, tokenId: (minted.data as { id: string }).id, publish };
}

const receive = async (token: string, inboxId: string, body: Record<string, unknown> = {}) => {
  const answer = await call(token, "POST", `/inboxes/${inboxId}/messages/receive`, body);
  expect(answer.status).toBe(200);
  return answer.data as InboxMessageView[];
};

const parsed = (message: InboxMessageView) => JSON.parse(message.body) as { messageId: string; event: { id: string; payload: { n?: number } }; tags: string[]; routing: Record<string, unknown> };

describe("inbox pull", () => {
  it("hands a routed event to the inbox token, signed, and never again once acked", async () => {
    const { inboxId, secret, token, publish } = await inboxFixture();
    const eventId = await publish({ n: 1, subject: "hello" });

    const [message, ...rest] = await receive(token, inboxId, { max: 5 });
    expect(rest).toEqual([]);
    expect(message!.attempt).toBe(1);
    // Verified by the standardwebhooks library, as an agent would.
    const verified = new Webhook(secret).verify(message!.body, message!.headers) as { event: { id: string }; tags: string[]; routing: unknown };
    expect(verified.event.id).toBe(eventId);
    expect(verified.tags).toEqual(["agent"]);
    expect(verified.routing).toEqual({ team: "bots" });
    expect(() => new Webhook(secret).verify(message!.body.replace("hello", "hellO"), message!.headers)).toThrow();

    // Leased: nobody else gets it meanwhile.
    expect(await receive(token, inboxId)).toEqual([]);
    const acked = await call(token, "POST", `/inboxes/${inboxId}/messages/${message!.id}/ack`, { leaseId: message!.leaseId });
    expect(acked).toMatchObject({ status: 200, data: { state: "acked" } });
    // Idempotent with the same lease.
    expect((await call(token, "POST", `/inboxes/${inboxId}/messages/${message!.id}/ack`, { leaseId: message!.leaseId })).status).toBe(200);
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId } });
    expect(delivery.status).toBe("succeeded");
    expect(await receive(token, inboxId, { max: 5 })).toEqual([]);
  });

  it("refuses other inboxes' tokens, revoked tokens and no token, and bad input with a 4xx", async () => {
    const first = await inboxFixture();
    const second = await inboxFixture();
    expect((await call(second.token, "POST", `/inboxes/${first.inboxId}/messages/receive`, {})).status).toBe(401);
    expect((await call("", "POST", `/inboxes/${first.inboxId}/messages/receive`, {})).status).toBe(401);
    // An inbox token is no API token.
    expect((await call(first.token, "GET", `/inboxes/${first.inboxId}`)).status).toBe(401);
    expect((await call(first.token, "POST", `/inboxes/${first.inboxId}/messages/receive`, { max: 1000 })).status).toBe(400);
    expect((await call(first.token, "POST", `/inboxes/${first.inboxId}/messages/receive`, "{nope")).status).toBe(400);
    const unknown = await call(first.token, "POST", `/inboxes/${first.inboxId}/messages/${crypto.randomUUID()}/ack`, { leaseId: crypto.randomUUID() });
    expect(unknown).toMatchObject({ status: 404, error: { code: "inbox_message_not_found" } });
    expect((await call(apiToken, "POST", `/inboxes/${crypto.randomUUID()}/messages/receive`, {})).status).toBe(404);

    expect((await call(apiToken, "DELETE", `/inboxes/${first.inboxId}/tokens/${first.tokenId}`)).status).toBe(200);
    expect((await call(first.token, "POST", `/inboxes/${first.inboxId}/messages/receive`, {})).status).toBe(401);
  });

  it("gives a nacked message back after its delay, and an expired lease to the next receiver (the old lease is lost)", async () => {
    const { inboxId, token, publish } = await inboxFixture({ leaseSeconds: 1 });
    await publish({ n: 1 });
    const [first] = await receive(token, inboxId);
    const nacked = await call(token, "POST", `/inboxes/${inboxId}/messages/${first!.id}/nack`, { leaseId: first!.leaseId, delaySeconds: 1, error: "busy" });
    expect(nacked).toMatchObject({ status: 200, data: { state: "queued" } });
    expect(await receive(token, inboxId)).toEqual([]);
    // The long poll sleeps until the delay is over (no notification comes for it).
    const [again] = await receive(token, inboxId, { waitSeconds: 10 });
    expect(again).toMatchObject({ id: first!.id, attempt: 2 });

    // Not acked within its 1 s lease: handed out again, under a new lease.
    const [third] = await receive(token, inboxId, { waitSeconds: 10 });
    expect(third).toMatchObject({ id: first!.id, attempt: 3 });
    expect(third!.leaseId).not.toBe(again!.leaseId);
    const stale = await call(token, "POST", `/inboxes/${inboxId}/messages/${first!.id}/ack`, { leaseId: again!.leaseId });
    expect(stale).toMatchObject({ status: 409, error: { code: "lease_lost" } });
    const extended = await call(token, "POST", `/inboxes/${inboxId}/messages/${first!.id}/extend-lease`, { leaseId: third!.leaseId, leaseSeconds: 600 });
    expect(extended).toMatchObject({ status: 200, data: { state: "leased" } });
    expect(new Date((extended.data as { leaseExpiresAt: string }).leaseExpiresAt).getTime()).toBeGreaterThan(Date.now() + 500_000);
    expect((await call(token, "POST", `/inboxes/${inboxId}/messages/${first!.id}/ack`, { leaseId: third!.leaseId })).status).toBe(200);
  });

  it("dead-letters after the inbox's max attempts into a failed delivery, which a retry puts back", async () => {
    const { inboxId, token, publish } = await inboxFixture({ maxAttempts: 2 });
    const eventId = await publish({ n: 1 });
    for (const expected of ["queued", "dead"]) {
      const [message] = await receive(token, inboxId);
      const nacked = await call(token, "POST", `/inboxes/${inboxId}/messages/${message!.id}/nack`, { leaseId: message!.leaseId, error: "cannot parse" });
      expect(nacked).toMatchObject({ status: 200, data: { state: expected } });
    }
    expect(await receive(token, inboxId)).toEqual([]);
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId } });
    expect(delivery).toMatchObject({ status: "failed", attempts: 2 });
    expect(delivery.lastError).toContain("cannot parse");

    expect(await retryDelivery({ id: delivery.id, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    const [back] = await receive(token, inboxId);
    expect(back).toMatchObject({ attempt: 1 });
    expect(parsed(back!).event.id).toBe(eventId);
    // No deliver job was made for it (an inbox's deliveries are never POSTed).
    const jobs = await db().$queryRaw<unknown[]>`SELECT 1 FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${delivery.id}`;
    expect(jobs).toEqual([]);
  });

  it("wakes a waiting long poll when a message arrives (NOTIFY, not the end of its wait)", async () => {
    const { inboxId, token, publish } = await inboxFixture();
    // The wait (30 s) is longer than this test's timeout: only the notification can end it in time.
    const waiting = receive(token, inboxId, { waitSeconds: 30 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const eventId = await publish({ n: 7 });
    const [message] = await waiting;
    expect(parsed(message!).event.id).toBe(eventId);
  }, 15_000);

  it("leases each message to one of many concurrent receivers", async () => {
    const { inboxId, token, publish } = await inboxFixture();
    for (let n = 0; n < 30; n++) await publish({ n });
    const batches = await Promise.all(Array.from({ length: 6 }, () => receive(token, inboxId, { max: 10 })));
    const ids = batches.flat().map((message) => message.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });
});

/** Reads server-sent events from a fetch response, one at a time. */
function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return async function next(): Promise<{ id?: string; event?: string; data: string }> {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split("\n")) {
          if (line.startsWith(":") || !line.includes(":")) continue;
          const name = line.slice(0, line.indexOf(":"));
          fields[name] = (fields[name] ? fields[name] + "\n" : "") + line.slice(line.indexOf(":") + 1).trimStart();
        }
        if (fields.data === undefined) continue;
        return { ...(fields.id ? { id: fields.id } : {}), ...(fields.event ? { event: fields.event } : {}), data: fields.data };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += value;
    }
  };
}

describe("inbox stream", () => {
  it("streams leased messages, and a reconnect with Last-Event-ID gets at once what was sent after it and not acked", async () => {
    const { inboxId, secret, token, publish } = await inboxFixture({ leaseSeconds: 300 });
    const eventIds: string[] = [];
    for (let n = 0; n < 5; n++) eventIds.push(await publish({ n }));

    const first = new AbortController();
    const response = await fetch(`${server.url}/inboxes/${inboxId}/stream?prefetch=5`, { headers: { authorization: `Bearer ${token}` }, signal: first.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const next = sseReader(response);
    expect((await next()).event).toBe("ready");
    // The client handles two, then its connection dies (the other three were in flight).
    const seen: string[] = [];
    let lastId = "";
    for (let i = 0; i < 2; i++) {
      const event = await next();
      const message = JSON.parse(event.data) as InboxMessageView;
      new Webhook(secret).verify(message.body, message.headers);
      seen.push(parsed(message).event.id);
      lastId = event.id!;
      expect((await call(token, "POST", `/inboxes/${inboxId}/messages/${message.id}/ack`, { leaseId: message.leaseId })).status).toBe(200);
    }
    first.abort();

    const second = new AbortController();
    const resumed = await fetch(`${server.url}/inboxes/${inboxId}/stream?prefetch=5`, { headers: { authorization: `Bearer ${token}`, "last-event-id": lastId }, signal: second.signal });
    const again = sseReader(resumed);
    expect((await again()).event).toBe("ready");
    // The remaining three come at once, though their first leases (300 s) are still running.
    for (let i = 0; i < 3; i++) {
      const event = await again();
      const message = JSON.parse(event.data) as InboxMessageView;
      seen.push(parsed(message).event.id);
      expect((await call(token, "POST", `/inboxes/${inboxId}/messages/${message.id}/ack`, { leaseId: message.leaseId })).status).toBe(200);
    }
    expect(seen).toEqual(eventIds);
    // A message published now arrives on the open stream (woken by its notification).
    const later = await publish({ n: 99 });
    const event = await again();
    expect(parsed(JSON.parse(event.data) as InboxMessageView).event.id).toBe(later);
    second.abort();
  }, 20_000);

  it("a stream holding its prefetch waits for an ack without querying, though more messages are ready", async () => {
    const { inboxId, token, publish } = await inboxFixture({ leaseSeconds: 300 });
    const eventIds = [await publish({ n: 0 }), await publish({ n: 1 }), await publish({ n: 2 })];
    const connection = new AbortController();
    const next = sseReader(await fetch(`${server.url}/inboxes/${inboxId}/stream?prefetch=1`, { headers: { authorization: `Bearer ${token}` }, signal: connection.signal }));
    expect((await next()).event).toBe("ready");
    const first = JSON.parse((await next()).data) as InboxMessageView;
    expect(parsed(first).event.id).toBe(eventIds[0]);

    // Full, with two messages ready: it used to look again at once, in a loop, until an ack.
    const query = vi.spyOn(pool(), "query");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const looks = query.mock.calls.filter(([sql]) => String(typeof sql === "string" ? sql : (sql as { text: string }).text).includes("lease_holder = $2::uuid AND leased_until > now()")).length;
    query.mockRestore();
    // At most the one look that found it full after sending the first.
    expect(looks).toBeLessThanOrEqual(1);

    // The ack wakes it, and the next message comes.
    expect((await call(token, "POST", `/inboxes/${inboxId}/messages/${first.id}/ack`, { leaseId: first.leaseId })).status).toBe(200);
    expect(parsed(JSON.parse((await next()).data) as InboxMessageView).event.id).toBe(eventIds[1]);
    connection.abort();
  }, 20_000);

  it("a reconnect takes over from a connection whose client died unnoticed: that one ends, and what it leased comes at once", async () => {
    const { inboxId, token, publish } = await inboxFixture({ leaseSeconds: 300 });
    const eventIds = [await publish({ n: 0 }), await publish({ n: 1 })];
    // The first connection stays open: to the server its client is still there.
    const first = new AbortController();
    const next = sseReader(await fetch(`${server.url}/inboxes/${inboxId}/stream?prefetch=5`, { headers: { authorization: `Bearer ${token}` }, signal: first.signal }));
    expect((await next()).event).toBe("ready");
    const handled = await next();
    const message = JSON.parse(handled.data) as InboxMessageView;
    expect((await call(token, "POST", `/inboxes/${inboxId}/messages/${message.id}/ack`, { leaseId: message.leaseId })).status).toBe(200);
    // Sent to the client but never handled: it died here.
    expect(parsed(JSON.parse((await next()).data) as InboxMessageView).event.id).toBe(eventIds[1]);
    eventIds.push(await publish({ n: 2 }));
    expect(parsed(JSON.parse((await next()).data) as InboxMessageView).event.id).toBe(eventIds[2]);

    const second = new AbortController();
    const again = sseReader(await fetch(`${server.url}/inboxes/${inboxId}/stream?prefetch=5`, { headers: { authorization: `Bearer ${token}`, "last-event-id": handled.id! }, signal: second.signal }));
    // The server ends the old connection: it no longer takes messages for a client that is gone.
    await expect(next()).rejects.toThrow("stream ended");
    expect((await again()).event).toBe("ready");
    const resent = [await again(), await again()].map((event) => parsed(JSON.parse(event.data) as InboxMessageView).event.id);
    expect(resent).toEqual(eventIds.slice(1));
    // And what comes next is this connection's.
    const later = await publish({ n: 3 });
    expect(parsed(JSON.parse((await again()).data) as InboxMessageView).event.id).toBe(later);
    first.abort();
    second.abort();
  }, 20_000);

  it("a reconnect whose connection held a full prefetch re-sends each of those once, under leases that ack", async () => {
    const { inboxId, token, publish } = await inboxFixture({ leaseSeconds: 300 });
    const eventIds: string[] = [];
    for (let n = 0; n < 4; n++) eventIds.push(await publish({ n }));
    const first = new AbortController();
    const next = sseReader(await fetch(`${server.url}/inboxes/${inboxId}/stream?prefetch=3`, { headers: { authorization: `Bearer ${token}` }, signal: first.signal }));
    expect((await next()).event).toBe("ready");
    const handled = await next();
    const message = JSON.parse(handled.data) as InboxMessageView;
    expect((await call(token, "POST", `/inboxes/${inboxId}/messages/${message.id}/ack`, { leaseId: message.leaseId })).status).toBe(200);
    // Three in flight, as many as its prefetch: the client died before handling any of them.
    const inFlight = [await next(), await next(), await next()].map((event) => parsed(JSON.parse(event.data) as InboxMessageView).event.id);
    expect(inFlight).toEqual(eventIds.slice(1));

    const second = new AbortController();
    const again = sseReader(await fetch(`${server.url}/inboxes/${inboxId}/stream?prefetch=3`, { headers: { authorization: `Bearer ${token}`, "last-event-id": handled.id! }, signal: second.signal }));
    expect((await again()).event).toBe("ready");
    // A full batch once made the resume look again from the same place, re-leasing the same three
    // over and over: each lease the client got was gone before it could ack.
    const resent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const resentMessage = JSON.parse((await again()).data) as InboxMessageView;
      resent.push(parsed(resentMessage).event.id);
      const ack = await call(token, "POST", `/inboxes/${inboxId}/messages/${resentMessage.id}/ack`, { leaseId: resentMessage.leaseId });
      expect(ack.error?.code).toBeUndefined();
      expect(ack.status).toBe(200);
    }
    expect(resent).toEqual(eventIds.slice(1));
    // Then what is new, not those again.
    const later = await publish({ n: 9 });
    expect(parsed(JSON.parse((await again()).data) as InboxMessageView).event.id).toBe(later);
    first.abort();
    second.abort();
  }, 20_000);
});
