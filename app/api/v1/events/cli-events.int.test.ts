// `switchyard events get` and `switchyard replay` as a user runs them: a child process with only an
// API token, against the events API served over real HTTP.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { stopSender } from "@/lib/queue";
import { createTestSource, createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import { startRouteServer } from "@/lib/testing/route-server";
import * as eventRoute from "./[id]/route";
import * as replayRoute from "./[id]/replay/route";

let server: Awaited<ReturnType<typeof startRouteServer>>;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startRouteServer({ "/events/[id]": eventRoute, "/events/[id]/replay": replayRoute });
  const user = await createTestUser({ role: "operator" });
  const { token } = await createApiToken({ userId: user.id, name: "cli", actor: TEST_ACTOR });
  env = { SWITCHYARD_URL: server.url.replace(/\/api\/v1$/, ""), SWITCHYARD_TOKEN: token };
});

afterAll(async () => {
  await server.close();
  await stopSender();
  await disconnectDb();
});

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, ["cli/switchyard.mjs", ...args], { env: { ...process.env, ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr })));
}

async function storedEvent(body: Buffer<ArrayBuffer>) {
  const source = await createTestSource();
  const event = await db().event.create({
    data: { sourceId: source.id, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, payload: JSON.parse(body.toString("utf8")) as object, eventType: "ticket.created" },
  });
  return { source, event };
}

it("events get shows the event, --body prints the bytes as received, --json the API's answer", async () => {
  // Whitespace and key order that a re-serialisation would lose.
  const body: Buffer<ArrayBuffer> = Buffer.from('{ "z": 1,\n  "a": "caf\u00e9" }');
  const { source, event } = await storedEvent(body);

  const shown = await run(["events", "get", event.id]);
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout.toString()).toContain(`event      ${event.id}`);
  expect(shown.stdout.toString()).toContain(`source     ${source.name}`);
  expect(shown.stdout.toString()).toContain("deliveries none");

  const raw = await run(["events", "get", event.id, "--body"]);
  expect(raw.code, raw.stderr).toBe(0);
  expect(raw.stdout.equals(body)).toBe(true);

  const json = await run(["events", "get", event.id, "--json"]);
  expect(JSON.parse(json.stdout.toString())).toMatchObject({ id: event.id, sourceId: source.id, eventType: "ticket.created" });
}, 30_000);

it("replay queues a new routing run once, recorded in the audit log", async () => {
  const { event } = await storedEvent(Buffer.from("{}"));
  const replayed = await run(["replay", event.id]);
  expect(replayed.code, replayed.stderr).toBe(0);
  expect(replayed.stdout.toString()).toContain(`Replay of ${event.id} queued`);
  expect(await db().auditLog.count({ where: { action: "event.replayed", targetId: event.id } })).toBe(1);
}, 30_000);

it("an unknown event, a refused token and a malformed id end with a message and exit code 2", async () => {
  const missing = await run(["events", "get", "00000000-0000-4000-8000-000000000000"]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("event_not_found");

  const { event } = await storedEvent(Buffer.from("{}"));
  const viewer = await createTestUser({ role: "viewer" });
  const { token } = await createApiToken({ userId: viewer.id, name: "read only", actor: TEST_ACTOR });
  const forbidden = await run(["replay", event.id], { SWITCHYARD_TOKEN: token });
  expect(forbidden.code).toBe(2);
  expect(forbidden.stderr).toContain("forbidden");

  const malformed = await run(["replay", "1234"]);
  expect(malformed.code).toBe(2);
  expect(malformed.stderr).toContain("is not an event id");
}, 30_000);
