// GET /api/stream, called as Next calls the route handler: sign-in required, then server-sent
// events for database changes, and the subscription ends when the client goes away.
import { encode } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { liveSubscriberCount, stopLive } from "@/lib/live/live-listener";
import { createTestSource, createTestUser, eventually } from "@/lib/testing/factories";

/** Waits until the check (on state the stream fills in) is true. */
const until = (check: () => boolean) => eventually(() => Promise.resolve(check()));
import { GET } from "./route";

afterAll(async () => {
  await stopLive();
  await disconnectDb();
});

async function sessionCookie(): Promise<string> {
  const user = await createTestUser({ role: "admin" });
  const session = await encode({ token: { sub: user.id, email: user.email, role: "admin" }, secret: process.env.AUTH_SECRET ?? "" });
  return `next-auth.session-token=${session}`;
}

/** Reads the stream as it arrives, so tests can wait for text to show up in it. */
function reader(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  const state = { text: "", done: false };
  void (async () => {
    const read = body.getReader();
    for (;;) {
      const chunk = await read.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) break;
      state.text += decoder.decode(chunk.value, { stream: true });
    }
    state.done = true;
  })();
  return state;
}

describe("GET /api/stream", () => {
  it("answers 401 JSON without a session, or with a forged one", async () => {
    for (const headers of [{}, { cookie: "next-auth.session-token=forged" }] as Array<Record<string, string>>) {
      const response = await GET(new Request("http://localhost:3999/api/stream", { headers }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    expect(liveSubscriberCount()).toBe(0);
  });

  it("streams each change as a data line to a signed-in user, and unsubscribes when the client disconnects", async () => {
    const abort = new AbortController();
    const response = await GET(new Request("http://localhost:3999/api/stream", { headers: { cookie: await sessionCookie() }, signal: abort.signal }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-transform");
    const stream = reader(response.body!);
    await until(() => stream.text.includes(": connected"));
    expect(liveSubscriberCount()).toBe(1);

    const source = await createTestSource();
    const body = Buffer.from("{}");
    const event = await db().event.create({ data: { sourceId: source.id, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length } });
    await until(() => stream.text.includes(event.id));
    const line = stream.text.split("\n").find((text) => text.includes(event.id));
    expect(line).toBe(`data: ${JSON.stringify({ kind: "event", sourceId: source.id, ids: [event.id] })}`);

    abort.abort();
    await until(() => stream.done);
    expect(liveSubscriberCount()).toBe(0);
  });

  it("ends open streams when the process stops listening", async () => {
    const response = await GET(new Request("http://localhost:3999/api/stream", { headers: { cookie: await sessionCookie() } }));
    const stream = reader(response.body!);
    await until(() => stream.text.includes(": connected"));
    expect([stream.done, liveSubscriberCount()]).toEqual([false, 1]);
    await stopLive();
    await until(() => stream.done);
    // Ended by the server, cleanly: the subscription is gone, and nothing was sent but the greeting
    // (and the "ready" signal, if LISTEN was in place before the stop).
    expect(liveSubscriberCount()).toBe(0);
    const blocks = stream.text.trim().split("\n\n").map((block) => block.split("\n")[0]);
    expect(blocks.filter((block) => block !== "event: ready")).toEqual(["retry: 3000"]);
  });
});
