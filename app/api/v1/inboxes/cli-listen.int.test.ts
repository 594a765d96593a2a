// The `switchyard listen` CLI as a user runs it (a child process with only an inbox token), against
// the inbox API served over real HTTP, forwarding to a local server that verifies each request with
// the standardwebhooks library: a 500 is nacked and comes back, a 2xx is acked.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { createInbox } from "@/lib/inboxes/create-inbox";
import { createInboxToken } from "@/lib/inboxes/create-inbox-token";
import { stopLive } from "@/lib/live/live-listener";
import { routeEvent } from "@/lib/pipeline/routing/route-events";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestSource, createTestUser, eventually, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import { startRouteServer } from "@/lib/testing/route-server";
import * as ackRoute from "./[id]/messages/[messageId]/ack/route";
import * as nackRoute from "./[id]/messages/[messageId]/nack/route";
import * as streamRoute from "./[id]/stream/route";
import * as eventsRoute from "../events/route";

let server: Awaited<ReturnType<typeof startRouteServer>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startRouteServer({
    "/inboxes/[id]/messages/[messageId]/ack": ackRoute,
    "/inboxes/[id]/messages/[messageId]/nack": nackRoute,
    "/inboxes/[id]/stream": streamRoute,
    "/events": eventsRoute,
  });
});

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await server.close();
  await stopLive();
  await stopSender();
  await disconnectDb();
});

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["cli/switchyard.mjs", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const output = { text: "" };
  child.stdout.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
  return { child, output };
}

it("forwards each message signed, nacks a failure and acks the retry, with a log line each", async () => {
  const { inbox, secret } = await createInbox({ input: { name: uniqueName("cli inbox") }, actor: TEST_ACTOR });
  const { plaintext } = await createInboxToken({ inboxId: inbox.id, input: { name: "laptop" }, actor: TEST_ACTOR });
  const source = await createTestSource();
  await createRule({ sourceId: source.id, actor: TEST_ACTOR, input: { name: "all", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [inbox.id] }] } });

  const received: Array<{ eventId: string; status: number }> = [];
  let failNext = true;
  const local = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      // Throws unless Switchyard signed exactly these bytes with the inbox's secret.
      const verified = new Webhook(secret).verify(Buffer.concat(chunks).toString("utf8"), request.headers as Record<string, string>) as { event: { id: string } };
      const status = failNext ? 500 : 204;
      failNext = false;
      received.push({ eventId: verified.event.id, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
  const target = `http://127.0.0.1:${(local.address() as AddressInfo).port}/hook`;

  const { output } = run(["listen", inbox.id, "--forward-to", target], { SWITCHYARD_URL: server.url.replace(/\/api\/v1$/, ""), SWITCHYARD_TOKEN: plaintext });
  await eventually(() => output.text.includes("Ready"), { timeoutMs: 15_000 });

  const body = Buffer.from(JSON.stringify({ hello: "agent" }));
  const event = await db().event.create({ data: { sourceId: source.id, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, payload: { hello: "agent" } } });
  expect(await routeEvent({ eventId: event.id })).toBe("routed");

  // The nack's 5 s delay passes, then the same message is forwarded again and acked.
  await eventually(() => received.length >= 2, { timeoutMs: 20_000 });
  expect(received).toEqual([
    { eventId: event.id, status: 500 },
    { eventId: event.id, status: 204 },
  ]);
  await eventually(() => /\[204\].*acked/.test(output.text), { timeoutMs: 30_000 });
  expect(output.text).toMatch(/\[500\].*nacked/);
  expect(output.text).toMatch(/\[204\].*acked/);
  const message = await db().inboxMessage.findFirstOrThrow({ where: { destinationId: inbox.id } });
  expect(message).toMatchObject({ state: "acked", attempts: 2 });
  local.close();
}, 40_000);

it("events tail prints events that arrive after it started, and a bad token ends it with a message", async () => {
  const user = await createTestUser({ role: "admin" });
  const { token } = await createApiToken({ userId: user.id, name: "tail", actor: TEST_ACTOR });
  const source = await createTestSource();
  const base = server.url.replace(/\/api\/v1$/, "");
  const { output } = run(["events", "tail", "--source", source.id, "--interval", "0.5"], { SWITCHYARD_URL: base, SWITCHYARD_TOKEN: token });
  await eventually(() => output.text.includes("Following"), { timeoutMs: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const body = Buffer.from("{}");
  const event = await db().event.create({ data: { sourceId: source.id, method: "POST", headers: {}, contentType: "application/json", body, bodySize: 2, payload: {} } });
  await eventually(() => output.text.includes(event.id), { timeoutMs: 15_000 });

  const refused = run(["events", "tail"], { SWITCHYARD_URL: base, SWITCHYARD_TOKEN: "swy_not-a-real-token-but-long-enough-000000" });
  const code = await new Promise((resolve) => refused.child.on("exit", resolve));
  expect(code).toBe(2);
  expect(refused.output.text).toContain("unauthorized");
}, 40_000);
