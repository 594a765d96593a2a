// /api/v1/destinations, called as Next calls the route handlers: a Request and a promise of the params.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { DestinationListItem } from "@/lib/api/schemas";
import { db, disconnectDb } from "@/lib/db";
import { HIDDEN_HEADER_VALUE } from "@/lib/destinations/hidden-header-value";
import { DEFAULT_RETRY_SCHEDULE, DestinationCircuitView, DestinationHealthView, DestinationView } from "@/lib/destinations/schema";
import { createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import * as circuitRoute from "./[id]/circuit/route";
import * as healthRoute from "./[id]/health/route";
import * as pauseRoute from "./[id]/pause/route";
import * as probeRoute from "./[id]/probe/route";
import * as revealRoute from "./[id]/reveal-headers/route";
import * as resumeRoute from "./[id]/resume/route";
import * as rotateRoute from "./[id]/rotate-secret/route";
import * as destinationRoute from "./[id]/route";
import * as destinationsRoute from "./route";

afterAll(() => disconnectDb());

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: unknown;
    secret?: unknown;
    requeued?: unknown;
    drainSeconds?: unknown;
    circuitOpen?: unknown;
    error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> };
  };
}

let token = "";
let memberToken = "";

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "destination route tests", actor: TEST_ACTOR })).token;
  const member = await createTestUser({ role: "operator" });
  memberToken = (await createApiToken({ userId: member.id, name: "member's token", actor: TEST_ACTOR })).token;
});

async function call(
  handler: Handler,
  { method = "GET", id = "", body, auth = token ? `Bearer ${token}` : undefined }: { method?: string; id?: string; body?: unknown; auth?: string | null } = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: auth ? { authorization: auth } : {} };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(`http://localhost:3999/api/v1/destinations/${id}`, init), { params: Promise.resolve({ id }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

const list = destinationsRoute.GET as unknown as Handler;
const create = destinationsRoute.POST as unknown as Handler;

describe("/api/v1/destinations authentication", () => {
  it("answers 401 unauthorized without a token or with an unknown one", async () => {
    const id = randomUUID();
    for (const auth of [null, "Bearer swy_unknown_0000000000000000000000000000000000"]) {
      const answers = [
        await call(list, { auth }),
        await call(create, { method: "POST", auth, body: "{not json" }),
        await call(destinationRoute.GET, { id, auth }),
        await call(destinationRoute.PATCH, { method: "PATCH", id, auth, body: { name: "x" } }),
        await call(destinationRoute.DELETE, { method: "DELETE", id, auth }),
        await call(rotateRoute.POST, { method: "POST", id, auth }),
        await call(pauseRoute.POST, { method: "POST", id, auth }),
        await call(resumeRoute.POST, { method: "POST", id, auth }),
        await call(healthRoute.GET, { id, auth }),
        await call(circuitRoute.GET, { id, auth }),
        await call(probeRoute.POST, { method: "POST", id, auth }),
        await call(revealRoute.POST, { method: "POST", id, auth }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expect(answer.body.error?.code).toBe("unauthorized");
      }
    }
  });
});

describe("/api/v1/destinations with a bearer token", () => {
  it("creates, lists, reads, updates, rotates, pauses, resumes and deletes a destination", async () => {
    const name = uniqueName("Billing");
    const created = await call(create, { method: "POST", body: { name, url: "https://billing.example.com/hooks", headers: { Authorization: "Bearer abc" } } });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const destination = DestinationView.parse(created.body.data);
    expect(destination).toMatchObject({
      name,
      url: "https://billing.example.com/hooks",
      headers: { Authorization: HIDDEN_HEADER_VALUE },
      retrySchedule: DEFAULT_RETRY_SCHEDULE,
      rateLimitPerSecond: null,
      allowPrivateNetwork: false,
      state: "active",
      pausedReason: null,
      pauseCause: null,
      consecutiveFailures: 0,
      circuit: { state: "closed", failingSince: null, openedAt: null, nextProbeAt: null, probesFailed: 0 },
    });
    expect(created.body.secret).toEqual(expect.stringMatching(/^whsec_/));
    expect(destination.secrets).toHaveLength(1);
    expect(destination.secrets[0]?.hint).not.toContain(created.body.secret);

    const listed = await call(list);
    expect(listed.status).toBe(200);
    const items = DestinationListItem.array().parse(listed.body.data);
    expect(items.find((item) => item.id === destination.id)).toEqual({
      id: destination.id,
      name,
      url: destination.url,
      state: "active",
      pausedReason: null,
      circuit: { state: "closed", failingSince: null, openedAt: null, nextProbeAt: null, probesFailed: 0 },
      createdAt: destination.createdAt,
      backlog: 0,
      succeededLast24h: 0,
      failedLast24h: 0,
    });

    const read = await call(destinationRoute.GET, { id: destination.id });
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(destination);
    expect(JSON.stringify([created.body.data, listed.body, read.body])).not.toContain("Bearer abc");

    // Values only on purpose: an administrator's call, audited; a member is refused.
    const revealed = await call(revealRoute.POST, { method: "POST", id: destination.id });
    expect(revealed).toMatchObject({ status: 200, body: { data: { headers: { Authorization: "Bearer abc" } } } });
    expect(revealed.headers.get("cache-control")).toBe("no-store");
    expect(await db().auditLog.count({ where: { targetId: destination.id, action: "destination_headers.revealed" } })).toBe(1);
    const refused = await call(revealRoute.POST, { method: "POST", id: destination.id, auth: `Bearer ${memberToken}` });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect((await call(revealRoute.POST, { method: "POST", id: randomUUID() })).status).toBe(404);

    const updated = await call(destinationRoute.PATCH, {
      method: "PATCH",
      id: destination.id,
      // autoPauseAfter is gone (the circuit breaker replaced it): an old client sending it is not refused, and it is ignored.
      body: { name: "Renamed", retrySchedule: [10, 60], rateLimitPerSecond: 5, headers: {}, autoPauseAfter: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({
      id: destination.id,
      name: "Renamed",
      retrySchedule: [10, 60],
      rateLimitPerSecond: 5,
      headers: {},
      url: destination.url,
    });
    expect(updated.body.data).not.toHaveProperty("autoPauseAfter");

    const health = await call(healthRoute.GET, { id: destination.id });
    expect(health.status).toBe(200);
    expect(DestinationHealthView.parse(health.body.data)).toMatchObject({
      consecutiveFailures: 0,
      failingSince: null,
      waiting: 0,
      lastHour: { attempts: 0, successRate: null },
      lastError: null,
    });

    const rotatedAfter = Date.now();
    const rotated = await call(rotateRoute.POST, { method: "POST", id: destination.id, body: { overlapHours: 2 } });
    const rotatedBefore = Date.now();
    expect(rotated.status).toBe(200);
    const { secretId, secret, previousSecretsExpireAt } = rotated.body.data as { secretId: string; secret: string; previousSecretsExpireAt: string };
    expect(secret).toMatch(/^whsec_/);
    expect(Date.parse(previousSecretsExpireAt) - 2 * 3600_000).toBeGreaterThanOrEqual(rotatedAfter);
    expect(Date.parse(previousSecretsExpireAt) - 2 * 3600_000).toBeLessThanOrEqual(rotatedBefore);
    expect(secret).not.toBe(created.body.secret);
    const afterRotation = DestinationView.parse((await call(destinationRoute.GET, { id: destination.id })).body.data);
    expect(afterRotation.secrets.map((item) => item.id)[0]).toBe(secretId);
    expect(afterRotation.secrets[1]?.expiresAt).not.toBeNull();

    const paused = await call(pauseRoute.POST, { method: "POST", id: destination.id, body: { reason: "receiver maintenance" } });
    expect(paused.status).toBe(200);
    expect(paused.body.data).toMatchObject({ state: "paused", pausedReason: "receiver maintenance", pauseCause: "operator" });
    expect((paused.body.data as { pausedAt: string | null }).pausedAt).not.toBeNull();
    // Pausing again keeps the first reason; the body may be omitted.
    const again = await call(pauseRoute.POST, { method: "POST", id: destination.id });
    expect(again.body.data).toMatchObject({ state: "paused", pausedReason: "receiver maintenance" });

    const resumed = await call(resumeRoute.POST, { method: "POST", id: destination.id });
    expect(resumed.status).toBe(200);
    expect(resumed.body.data).toMatchObject({ state: "active", pausedReason: null, pausedAt: null });
    expect(resumed.body.requeued).toBe(0);
    expect(resumed.body.drainSeconds).toBe(0);
    expect(resumed.body.circuitOpen).toBe(false);

    const deleted = await call(destinationRoute.DELETE, { method: "DELETE", id: destination.id });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: destination.id, deletedDeliveries: 0 });
    expect((await call(destinationRoute.GET, { id: destination.id })).status).toBe(404);
    expect((await call(destinationRoute.DELETE, { method: "DELETE", id: destination.id })).status).toBe(404);
  });

  it("answers 403 forbidden when a member's token opens private networks, and 400 for a hidden value with nothing to keep", async () => {
    const body = { name: uniqueName("internal"), url: "http://10.0.0.5/hook", allowPrivateNetwork: true };
    const refused = await call(create, { method: "POST", body, auth: `Bearer ${memberToken}` });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden", message: expect.stringContaining("administrator") as unknown } } });
    const { data } = (await call(create, { method: "POST", body: { ...body, url: "http://93.184.215.14/hook", allowPrivateNetwork: false } })).body;
    const { id } = DestinationView.parse(data);
    expect((await call(destinationRoute.PATCH, { method: "PATCH", id, body: { allowPrivateNetwork: true }, auth: `Bearer ${memberToken}` })).status).toBe(403);
    expect((await call(destinationRoute.PATCH, { method: "PATCH", id, body: { allowPrivateNetwork: true } })).body.data).toMatchObject({ allowPrivateNetwork: true });

    const hidden = await call(destinationRoute.PATCH, { method: "PATCH", id, body: { headers: { "X-New": HIDDEN_HEADER_VALUE } } });
    expect(hidden).toMatchObject({ status: 400, body: { error: { code: "invalid_request", details: [{ path: ["headers", "X-New"] }] } } });
  });

  it("answers 400 invalid_request with the issues in details", async () => {
    const ftp = await call(create, { method: "POST", body: { name: "x", url: "ftp://files.example.com/in" } });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["url"], message: expect.stringContaining("http") as unknown }] });
    expect(ftp.body.error?.message).toMatch(/^url: /);

    const credentials = await call(create, { method: "POST", body: { name: "x", url: "https://user:pass@example.com/in" } });
    expect(credentials.status).toBe(400);
    expect(credentials.body.error?.details).toEqual([{ path: ["url"], message: expect.stringContaining("header") as unknown }]);

    const badSchedule = await call(create, { method: "POST", body: { name: "x", url: "https://example.com/in", retrySchedule: [5, 0, 100_000] } });
    expect(badSchedule.status).toBe(400);
    expect(badSchedule.body.error?.details?.map((issue) => issue.path)).toEqual([
      ["retrySchedule", 1],
      ["retrySchedule", 2],
    ]);
    const tooMany = await call(create, { method: "POST", body: { name: "x", url: "https://example.com/in", retrySchedule: Array.from({ length: 21 }, () => 5) } });
    expect(tooMany.body.error?.details?.[0]?.path).toEqual(["retrySchedule"]);

    const reserved = await call(create, { method: "POST", body: { name: "x", url: "https://example.com/in", headers: { "webhook-signature": "forged" } } });
    expect(reserved.body.error?.details?.[0]?.path).toEqual(["headers", "webhook-signature"]);

    const { data } = (await call(create, { method: "POST", body: { name: uniqueName("patch target"), url: "https://example.com/in" } })).body;
    const { id } = DestinationView.parse(data);
    const badPatch = await call(destinationRoute.PATCH, { method: "PATCH", id, body: { url: "ftp://example.com" } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error?.details?.[0]?.path).toEqual(["url"]);

    const badRotation = await call(rotateRoute.POST, { method: "POST", id, body: { overlapHours: -1 } });
    expect(badRotation.status).toBe(400);
    expect(badRotation.body.error?.details?.[0]?.path).toEqual(["overlapHours"]);
    await call(destinationRoute.DELETE, { method: "DELETE", id });
  });

  it("answers 400 invalid_json for a malformed or missing body", async () => {
    expect((await call(create, { method: "POST", body: '{"name": "x"' })).body.error?.code).toBe("invalid_json");
    expect((await call(create, { method: "POST" })).body.error?.code).toBe("invalid_json");
  });

  it("answers 404 destination_not_found for an unknown or malformed id", async () => {
    for (const id of [randomUUID(), "not-a-uuid"]) {
      const answers = [
        await call(destinationRoute.GET, { id }),
        await call(destinationRoute.PATCH, { method: "PATCH", id, body: { name: "x" } }),
        await call(destinationRoute.DELETE, { method: "DELETE", id }),
        await call(rotateRoute.POST, { method: "POST", id }),
        await call(pauseRoute.POST, { method: "POST", id }),
        await call(resumeRoute.POST, { method: "POST", id }),
        await call(healthRoute.GET, { id }),
        await call(circuitRoute.GET, { id }),
        await call(probeRoute.POST, { method: "POST", id }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.body.error?.code).toBe("destination_not_found");
      }
    }
  });
});

describe("/api/v1/destinations/{id}/circuit and /probe", () => {
  it("shows the circuit with its thresholds and history; Probe now answers 409 circuit_not_open or destination_paused, else makes the probe due", async () => {
    const { data } = (await call(create, { method: "POST", body: { name: uniqueName("circuit"), url: "https://example.com/in" } })).body;
    const { id } = DestinationView.parse(data);

    const closed = await call(circuitRoute.GET, { id });
    expect(closed.status).toBe(200);
    expect(DestinationCircuitView.parse(closed.body.data)).toEqual({
      state: "closed",
      failingSince: null,
      openedAt: null,
      nextProbeAt: null,
      probesFailed: 0,
      consecutiveFailures: 0,
      policy: { openAfterSeconds: 60, minFailures: 10, probeIntervalsSeconds: [10, 20, 40, 60] },
      history: [],
    });
    const notOpen = await call(probeRoute.POST, { method: "POST", id });
    expect(notOpen.status).toBe(409);
    expect(notOpen.body.error).toEqual({ code: "circuit_not_open", message: expect.stringMatching(/circuit is closed/) as unknown });

    // Opened (as the engine would), with its history row.
    const openedAt = new Date(Date.now() - 30_000);
    const later = new Date(Date.now() + 40_000);
    await db().destination.update({ where: { id }, data: { circuitState: "open", circuitOpenedAt: openedAt, circuitNextProbeAt: later, circuitProbesFailed: 1, consecutiveFailures: 15, failingSince: new Date(openedAt.getTime() - 60_000) } });
    await db().destinationCircuitEvent.create({ data: { destinationId: id, at: openedAt, fromState: "closed", toState: "open", reason: "failing for 60 s, 14 attempts in a row (last: HTTP 503)" } });
    const open = DestinationCircuitView.parse((await call(circuitRoute.GET, { id })).body.data);
    expect(open).toMatchObject({ state: "open", openedAt: openedAt.toISOString(), nextProbeAt: later.toISOString(), probesFailed: 1, consecutiveFailures: 15 });
    expect(open.history).toEqual([{ at: openedAt.toISOString(), from: "closed", to: "open", reason: "failing for 60 s, 14 attempts in a row (last: HTTP 503)" }]);
    expect(DestinationView.parse((await call(destinationRoute.GET, { id })).body.data).circuit).toMatchObject({ state: "open", nextProbeAt: later.toISOString() });

    const probed = await call(probeRoute.POST, { method: "POST", id });
    expect(probed.status).toBe(200);
    const view = DestinationView.parse(probed.body.data);
    expect(view.circuit.state).toBe("open");
    expect(new Date(view.circuit.nextProbeAt!).getTime()).toBeLessThan(later.getTime());

    await call(pauseRoute.POST, { method: "POST", id });
    const paused = await call(probeRoute.POST, { method: "POST", id });
    expect(paused.status).toBe(409);
    expect(paused.body.error?.code).toBe("destination_paused");

    // Resuming with the circuit open requeues nothing and says so: the probe is due now.
    const resumed = await call(resumeRoute.POST, { method: "POST", id });
    expect(resumed.body).toMatchObject({ requeued: 0, circuitOpen: true, data: { state: "active", circuit: { state: "open" } } });
    await call(destinationRoute.DELETE, { method: "DELETE", id });
  });
});
