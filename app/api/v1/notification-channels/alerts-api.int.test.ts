// /api/v1/notification-channels, /alert-rules and /alerts, called as Next calls the route handlers,
// with hostile input: bad and private URLs, huge bodies, unknown thresholds, unknown ids.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { ChannelView } from "@/lib/alerts/schema";
import { db, disconnectDb } from "@/lib/db";
import { startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import * as alertRuleRoute from "../alert-rules/[id]/route";
import * as alertRulesRoute from "../alert-rules/route";
import * as alertsRoute from "../alerts/route";
import * as channelRoute from "./[id]/route";
import * as testRoute from "./[id]/test/route";
import * as channelsRoute from "./route";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  body: { data?: unknown; signingSecret?: unknown; error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> } };
}

let token = "";
let sink: Sink;

beforeAll(async () => {
  sink = await startSink();
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "alerts route tests", actor: TEST_ACTOR })).token;
});

afterAll(async () => {
  await sink.close();
  await disconnectDb();
});

async function call(handler: unknown, { method = "GET", id = "", query = "", body, auth = `Bearer ${token}` }: { method?: string; id?: string; query?: string; body?: unknown; auth?: string | null } = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: auth ? { authorization: auth } : {} };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await (handler as Handler)(new Request(`http://localhost:3999/api/v1/x/${id}${query}`, init), { params: Promise.resolve({ id }) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

describe("/api/v1/notification-channels", () => {
  it("refuses anonymous callers", async () => {
    expect(await call(channelsRoute.GET, { auth: null })).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    expect(await call(alertsRoute.GET, { auth: null })).toMatchObject({ status: 401 });
  });

  it("creates a webhook channel, returns its secret once and never its URL, tests and deletes it", async () => {
    const created = await call(channelsRoute.POST, { method: "POST", body: { kind: "webhook", name: "pager", url: `${sink.url}/secret-path-abcd`, allowPrivateNetwork: true } });
    expect(created.status).toBe(201);
    expect(created.body.signingSecret).toMatch(/^whsec_/);
    const view = ChannelView.parse(created.body.data);
    expect(view.hint).toBe(`${sink.url}/…abcd`);
    expect(JSON.stringify(created.body.data)).not.toContain("secret-path");
    const stored = await db().notificationChannel.findUniqueOrThrow({ where: { id: view.id } });
    expect(stored.sealedConfig).not.toContain("secret-path");

    expect(await call(testRoute.POST, { method: "POST", id: view.id })).toMatchObject({ status: 200, body: { data: { ok: true } } });
    expect(sink.requests.at(-1)).toMatchObject({ url: "/secret-path-abcd" });
    expect(JSON.parse(sink.requests.at(-1)!.body.toString())).toMatchObject({ type: "test" });

    sink.reply = () => ({ status: 500, body: "down for maintenance" });
    expect(await call(testRoute.POST, { method: "POST", id: view.id })).toMatchObject({ status: 200, body: { data: { ok: false, message: "Not delivered: The endpoint answered HTTP 500: down for maintenance" } } });
    sink.reply = () => ({});

    expect(await call(channelRoute.DELETE, { method: "DELETE", id: view.id })).toMatchObject({ status: 200, body: { data: { id: view.id } } });
    expect(await call(channelRoute.GET, { id: view.id })).toMatchObject({ status: 404, body: { error: { code: "notification_channel_not_found" } } });
    expect(await call(channelRoute.GET, { id: "not-a-uuid" })).toMatchObject({ status: 404 });
  });

  it.each([
    ["a non-http URL", { kind: "slack", name: "x", url: "ftp://example.com/hook" }, "url", /http or https/],
    ["no URL at all", { kind: "slack", name: "x" }, "url", /URL/],
    ["a loopback address", { kind: "slack", name: "x", url: "http://127.0.0.1:9/hook" }, "url", /loopback.*allow private network/],
    ["a private address", { kind: "webhook", name: "x", url: "http://10.1.2.3/hook" }, "url", /private/],
    ["cloud metadata, even allowed private", { kind: "webhook", name: "x", url: "http://169.254.169.254/latest", allowPrivateNetwork: true }, "url", /metadata/],
    ["credentials in the URL", { kind: "slack", name: "x", url: "https://user:pw@example.com/hook" }, "url", /username or password/],
    ["a 3000-character URL", { kind: "slack", name: "x", url: `https://example.com/${"a".repeat(3000)}` }, "url", /at most 2048/],
    ["a 500-character name", { kind: "email", name: "n".repeat(500), recipients: ["a@example.com"] }, "name", /at most 100/],
    ["no recipients", { kind: "email", name: "x", recipients: [] }, "recipients", /at least one/],
    ["50 recipients", { kind: "email", name: "x", recipients: Array.from({ length: 50 }, (_, index) => `a${index}@example.com`) }, "recipients", /at most 20/],
    ["a bad recipient", { kind: "email", name: "x", recipients: ["not an address"] }, "recipients", /e-mail addresses/],
    ["an unknown kind", { kind: "pagerduty", name: "x" }, "kind", /slack, webhook or email/],
  ])("refuses %s with a clear invalid_request", async (_label, body, field, message) => {
    const answer = await call(channelsRoute.POST, { method: "POST", body });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe("invalid_request");
    const detail = answer.body.error?.details?.find((issue) => issue.path[0] === field);
    expect(detail?.message).toMatch(message);
  });

  it("refuses a body over the size limit and one that is not JSON", async () => {
    expect(await call(channelsRoute.POST, { method: "POST", body: JSON.stringify({ kind: "slack", name: "x", url: `https://example.com/${"a".repeat(2_000_000)}` }) })).toMatchObject({ status: 413, body: { error: { code: "body_too_large" } } });
    expect(await call(channelsRoute.POST, { method: "POST", body: "{nope" })).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
  });

  it("e-mail channels have recipients, not URLs", async () => {
    const created = await call(channelsRoute.POST, { method: "POST", body: { kind: "email", name: "ops mail", recipients: ["ops@example.com"] } });
    const { id } = ChannelView.parse(created.body.data);
    const answer = await call(channelRoute.PATCH, { method: "PATCH", id, body: { url: "https://example.com/hook" } });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: "invalid_request", details: [{ path: ["url"], message: "An e-mail channel has recipients, not a URL." }] } } });
    expect(await call(channelRoute.PATCH, { method: "PATCH", id, body: { recipients: ["a@example.com", "b@example.com"], enabled: false } })).toMatchObject({ status: 200, body: { data: { hint: "a@example.com, b@example.com", enabled: false } } });
    await call(channelRoute.DELETE, { method: "DELETE", id });
  });
});

describe("/api/v1/alert-rules and /api/v1/alerts", () => {
  it("lists the six rules with their defaults, changes thresholds, refuses unknown or out-of-range ones", async () => {
    const listed = await call(alertRulesRoute.GET);
    const rules = listed.body.data as Array<{ id: string; kind: string; params: Record<string, number>; repeatMinutes: number }>;
    expect(rules.map((rule) => rule.kind)).toEqual(["circuit_open", "failure_rate", "deliveries_failed", "queue_backlog", "rejections_spike", "source_silent"]);
    const silent = rules.find((rule) => rule.kind === "source_silent")!;
    expect(silent).toMatchObject({ params: { silentMinutes: 360, baselineDays: 7, minBaselineEvents: 10 }, repeatMinutes: 360 });

    const changed = await call(alertRuleRoute.PATCH, { method: "PATCH", id: silent.id, body: { params: { silentMinutes: 120 }, repeatMinutes: 90 } });
    expect(changed).toMatchObject({ status: 200, body: { data: { params: { silentMinutes: 120, baselineDays: 7 }, repeatMinutes: 90 } } });
    expect(await call(alertRuleRoute.PATCH, { method: "PATCH", id: silent.id, body: { params: { bogus: 1 } } })).toMatchObject({ status: 400, body: { error: { details: [{ path: ["params", "bogus"] }] } } });
    expect(await call(alertRuleRoute.PATCH, { method: "PATCH", id: silent.id, body: { params: { silentMinutes: 1 } } })).toMatchObject({ status: 400, body: { error: { details: [{ path: ["params", "silentMinutes"], message: "Silence must be a whole number from 5 to 43200" }] } } });
    expect(await call(alertRuleRoute.PATCH, { method: "PATCH", id: silent.id, body: { repeatMinutes: 0 } })).toMatchObject({ status: 400 });
    await call(alertRuleRoute.PATCH, { method: "PATCH", id: silent.id, body: { params: { silentMinutes: 360 }, repeatMinutes: 360 } });
    expect(await call(alertRuleRoute.GET, { id: randomUUID() })).toMatchObject({ status: 404, body: { error: { code: "alert_rule_not_found" } } });
  });

  it("lists alert history and validates its query", async () => {
    expect(await call(alertsRoute.GET, { query: "?status=firing&limit=5" })).toMatchObject({ status: 200 });
    expect(await call(alertsRoute.GET, { query: "?status=maybe" })).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
  });
});
