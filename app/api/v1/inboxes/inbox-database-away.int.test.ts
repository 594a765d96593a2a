// An inbox while its PostgreSQL goes away and comes back: a long-poll receive and an SSE stream
// that are waiting when the server stops end with a clear database_unavailable (503, or an `error`
// event before the stream closes), never a 500 or a hang; nothing acknowledged comes back; what was
// received and not acked comes back after its lease; and the inbox serves again (pull and a resumed
// stream) once the server is back. The inbox's routes run in a child process on a PostgreSQL server
// this test starts, stops and restarts, so nothing the other tests use is touched.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxMessageView } from "@/lib/inboxes/schema";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { eventually } from "@/lib/testing/factories";
import { freePort } from "@/lib/testing/test-database";

// The child: the real route handlers (receive, ack, stream) on a loopback port, an ordered inbox
// fed by a rule, and "publish <key>" on stdin to store and route one event.
const CHILD = `
  const { prepareDatabase } = await import("./lib/runtime/prepare-database.ts");
  await prepareDatabase();
  const { db } = await import("./lib/db.ts");
  const { createInbox } = await import("./lib/inboxes/create-inbox.ts");
  const { createInboxToken } = await import("./lib/inboxes/create-inbox-token.ts");
  const { createRule } = await import("./lib/rules/create-rule.ts");
  const { createTestSource, TEST_ACTOR } = await import("./lib/testing/factories.ts");
  const { startRouteServer } = await import("./lib/testing/route-server.ts");
  const { routeEvent } = await import("./lib/pipeline/routing/route-events.ts");
  const { inbox } = await createInbox({ input: { name: "away", leaseSeconds: 3, maxAttempts: 50, orderingKey: "{{ticket.id}}" }, actor: TEST_ACTOR });
  const { plaintext } = await createInboxToken({ inboxId: inbox.id, input: { name: "agent" }, actor: TEST_ACTOR });
  const source = await createTestSource();
  await createRule({ sourceId: source.id, actor: TEST_ACTOR, input: { name: "all", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [inbox.id] }] } });
  const server = await startRouteServer({
    "/inboxes/[id]/messages/receive": await import("./app/api/v1/inboxes/[id]/messages/receive/route.ts"),
    "/inboxes/[id]/messages/[messageId]/ack": await import("./app/api/v1/inboxes/[id]/messages/[messageId]/ack/route.ts"),
    "/inboxes/[id]/stream": await import("./app/api/v1/inboxes/[id]/stream/route.ts"),
  });
  console.log(JSON.stringify({ ready: true, url: server.url, inboxId: inbox.id, token: plaintext }));
  const { createInterface } = await import("node:readline");
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, key] = line.split(" ");
    if (command !== "publish") continue;
    try {
      const payload = { ticket: { id: key } };
      const body = Buffer.from(JSON.stringify(payload));
      const event = await db().event.create({ data: { sourceId: source.id, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, payload } });
      await routeEvent({ eventId: event.id });
      console.log(JSON.stringify({ published: event.id }));
    } catch (error) {
      console.log(JSON.stringify({ publishFailed: String(error) }));
    }
  }`;

let dir: string;
let options: { dir: string; port: number; password: string };
let server: EmbeddedPostgres | undefined;
let child: ChildProcess;
const lines: Array<Record<string, string>> = [];
let app: { url: string; inboxId: string; token: string };

async function publish(key: string): Promise<string> {
  const before = lines.length;
  child.stdin!.write(`publish ${key}\n`);
  const answer = await eventually(() => lines.slice(before).find((line) => line.published ?? line.publishFailed), { timeoutMs: 20_000 });
  if (!answer.published) throw new Error(`publish failed: ${answer.publishFailed}`);
  return answer.published;
}

async function call(path: string, body: unknown): Promise<{ status: number; data?: unknown; error?: { code: string } }> {
  const response = await fetch(app.url + path, { method: "POST", headers: { authorization: `Bearer ${app.token}`, "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
  return { status: response.status, ...((await response.json()) as object) };
}

const receive = (body: Record<string, unknown>) => call(`/inboxes/${app.inboxId}/messages/receive`, body);
const eventIdOf = (message: InboxMessageView) => (JSON.parse(message.body) as { event: { id: string } }).event.id;

/** Opens the stream and collects its text until it ends (or the test aborts it). */
function openStream(lastEventId?: string) {
  const controller = new AbortController();
  const state = { text: "", ended: false };
  const done = (async () => {
    const response = await fetch(`${app.url}/inboxes/${app.inboxId}/stream?prefetch=5`, {
      headers: { authorization: `Bearer ${app.token}`, ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) state.text += decoder.decode(chunk, { stream: true });
  })()
    .catch(() => undefined)
    .finally(() => {
      state.ended = true;
    });
  return { state, done, close: () => controller.abort() };
}

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: server!.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-inbox-away-"));
  options = { dir: join(dir, "pg"), port: await freePort(), password: randomBytes(12).toString("hex") };
  server = await startEmbeddedPostgres({ ...options, watchdog: false });
  child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
    env: { ...process.env, DATABASE_URL: server.url, AUTH_SECRET: randomBytes(32).toString("base64"), ENCRYPTION_KEY: randomBytes(32).toString("base64"), LOG_LEVEL: "error" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, string>);
    } catch {
      // Not one of ours.
    }
  });
  const ready = await eventually(() => lines.find((line) => line.ready), { timeoutMs: 90_000 });
  app = { url: ready.url!, inboxId: ready.inboxId!, token: ready.token! };
}, 120_000);

afterAll(async () => {
  child?.kill("SIGKILL");
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("an inbox while PostgreSQL goes away", () => {
  it("ends waiting consumers with database_unavailable, loses nothing acknowledged, and serves again once it is back", { timeout: 180_000 }, async () => {
    // A acked, B received and held (its lease of 3 s will run out during the outage).
    const a = await publish("k1");
    const first = await receive({ max: 5, waitSeconds: 5 });
    const [messageA] = first.data as InboxMessageView[];
    expect(eventIdOf(messageA!)).toBe(a);
    expect((await call(`/inboxes/${app.inboxId}/messages/${messageA!.id}/ack`, { leaseId: messageA!.leaseId })).status).toBe(200);
    const b = await publish("k1");
    const [messageB] = (await receive({ max: 5, waitSeconds: 5 })).data as InboxMessageView[];
    expect(eventIdOf(messageB!)).toBe(b);

    // Waiting when the server stops: a long poll (nothing receivable: B holds key k1) and a stream.
    const stream = openStream();
    await eventually(() => stream.state.text.includes("event: ready"), { timeoutMs: 20_000 });
    const longPoll = receive({ max: 5, waitSeconds: 10 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server!.stop();

    const polled = await longPoll;
    expect(polled).toMatchObject({ status: 503, error: { code: "database_unavailable" } });
    // The stream says why it ends, then ends (the client reconnects after `retry:`).
    await eventually(() => stream.state.ended, { timeoutMs: 40_000 });
    expect(stream.state.text).toContain("event: error");
    expect(stream.state.text).toContain('"code":"database_unavailable"');
    // A new receive while it is away: a clear 503 at once.
    expect(await receive({ max: 5 })).toMatchObject({ status: 503, error: { code: "database_unavailable" } });

    server = await startEmbeddedPostgres({ ...options, watchdog: false });
    // Serves again by itself: B comes back (its lease ran out), A never does (it was acked).
    const again = await eventually(
      async () => {
        const answer = await receive({ max: 5, waitSeconds: 2 });
        return answer.status === 200 && (answer.data as InboxMessageView[]).length > 0 ? (answer.data as InboxMessageView[]) : null;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(again.map(eventIdOf)).toEqual([b]);
    expect(again[0]!.attempt).toBe(2);
    expect((await call(`/inboxes/${app.inboxId}/messages/${again[0]!.id}/ack`, { leaseId: again[0]!.leaseId })).status).toBe(200);
    const states = await query<{ event_id: string; state: string }>(
      "SELECT x.event_id, m.state::text AS state FROM inbox_messages m JOIN deliveries x ON x.id = m.delivery_id WHERE m.destination_id = $1::uuid",
      [app.inboxId],
    );
    expect(Object.fromEntries(states.map((row) => [row.event_id, row.state]))).toEqual({ [a]: "acked", [b]: "acked" });

    // A stream opened again gets what is published now.
    const resumed = openStream();
    await eventually(() => resumed.state.text.includes("event: ready"), { timeoutMs: 30_000 });
    const c = await publish("k2");
    await eventually(() => resumed.state.text.includes(c), { timeoutMs: 30_000 });
    resumed.close();
    await resumed.done;
  });
});
