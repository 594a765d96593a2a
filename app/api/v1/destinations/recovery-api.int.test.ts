// Recovery through /api/v1/destinations: "Send a test delivery" to a real HTTP sink on loopback
// (signed as deliveries are, recorded, listed; an endpoint that is down or failing is an outcome
// with a clear message), "healthy again" with failed deliveries waiting, and URLs the outbound
// address policy refuses, which are not saved. Route handlers are called as Next calls them.
import { createServer } from "node:net";
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { DestinationRecoveryView, DestinationView, TestDeliveryView } from "@/lib/destinations/schema";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import * as recoveryRoute from "./[id]/recovery/route";
import * as destinationRoute from "./[id]/route";
import * as testDeliveriesRoute from "./[id]/test-deliveries/route";
import * as testDeliveryRoute from "./[id]/test-delivery/route";
import * as destinationsRoute from "./route";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  body: { data?: unknown; error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> } };
}

let token = "";
let tokenLabel = "";
const sinks: Sink[] = [];

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  tokenLabel = `API token “recovery tests” (${user.email})`;
  token = (await createApiToken({ userId: user.id, name: "recovery tests", actor: TEST_ACTOR })).token;
});

afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.close()));
});

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

async function call(handler: Handler, { method = "GET", id = "", body, auth = `Bearer ${token}` }: { method?: string; id?: string; body?: unknown; auth?: string | null } = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: auth ? { authorization: auth } : {} };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(`http://localhost:3999/api/v1/destinations/${id}`, init), { params: Promise.resolve({ id }) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

const sendTest = testDeliveryRoute.POST;
const listTests = testDeliveriesRoute.GET;
const recovery = recoveryRoute.GET;
const create = destinationsRoute.POST as unknown as Handler;
const update = destinationRoute.PATCH;

async function sink(reply?: Sink["reply"]): Promise<Sink> {
  const started = await startSink(reply);
  sinks.push(started);
  return started;
}

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("POST /api/v1/destinations/{id}/test-delivery", () => {
  it("sends one request signed as deliveries are, with the destination's headers, and records it", async () => {
    const target = await sink(() => ({ status: 200, body: '{"received":true}' }));
    const destination = await createTestDestination({ url: `${target.url}/hook`, headers: { "X-Team": "billing" } });

    const sent = await call(sendTest, { method: "POST", id: destination.id });
    expect(sent.status).toBe(201);
    const test = TestDeliveryView.parse(sent.body.data);
    expect(test).toMatchObject({ destinationId: destination.id, ok: true, responseStatus: 200, responseSnippet: '{"received":true}', errorClass: null, errorMessage: null, actorLabel: tokenLabel });

    expect(target.requests).toHaveLength(1);
    const [request] = target.requests;
    expect(request!.url).toBe("/hook");
    expect(request!.headers["x-team"]).toBe("billing");
    expect(request!.headers["webhook-id"]).toBe(test.webhookId);
    // The official Standard Webhooks library accepts it with the destination's secret.
    const verified = new Webhook(destination.secret).verify(request!.body.toString(), request!.headers as Record<string, string>);
    expect(verified).toMatchObject({ type: "switchyard.test", data: { destination: { id: destination.id, name: destination.name } } });

    const listed = await call(listTests, { id: destination.id });
    expect(TestDeliveryView.array().parse(listed.body.data).map((item) => item.id)).toEqual([test.id]);
    // Not a delivery: no row, and the destination's failure count is untouched.
    expect(await db().delivery.count({ where: { destinationId: destination.id } })).toBe(0);
  });

  it("reports an endpoint that is down, or failing, as the test's outcome with a clear message, and counts neither in health nor circuit", async () => {
    const destination = await createTestDestination({ url: `http://127.0.0.1:${await closedPort()}/hook` });
    const down = await call(sendTest, { method: "POST", id: destination.id });
    expect(down.status).toBe(201);
    expect(TestDeliveryView.parse(down.body.data)).toMatchObject({ ok: false, responseStatus: null, errorClass: "connection_refused", errorMessage: expect.stringMatching(/refused/i) as unknown });

    const failing = await sink(() => ({ status: 503, body: "maintenance" }));
    expect((await call(update, { method: "PATCH", id: destination.id, body: { url: failing.url } })).status).toBe(200);
    const answered = TestDeliveryView.parse((await call(sendTest, { method: "POST", id: destination.id })).body.data);
    expect(answered).toMatchObject({ ok: false, responseStatus: 503, responseSnippet: "maintenance", errorClass: "http_status", errorMessage: "The endpoint answered 503 Service Unavailable" });

    expect(await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({ consecutiveFailures: 0, circuitState: "closed" });
    const listed = TestDeliveryView.array().parse((await call(listTests, { id: destination.id })).body.data);
    expect(listed.map((item) => item.errorClass)).toEqual(["http_status", "connection_refused"]);
  });

  it("keeps only the latest 10 per destination", async () => {
    const target = await sink();
    const destination = await createTestDestination({ url: target.url });
    for (let i = 0; i < 12; i += 1) expect((await call(sendTest, { method: "POST", id: destination.id })).status).toBe(201);
    expect(await db().destinationTestDelivery.count({ where: { destinationId: destination.id } })).toBe(10);
    expect(target.requests).toHaveLength(12);
  });

  it("answers hostile or unknown ids and missing credentials with stable codes, sending nothing", async () => {
    for (const id of [randomUUID(), "not-a-uuid", "../../sources", "' OR 1=1 --"]) {
      for (const handler of [sendTest, listTests, recovery]) {
        const answer = await call(handler, { method: handler === sendTest ? "POST" : "GET", id });
        expect(answer.status).toBe(404);
        expect(answer.body.error?.code).toBe("destination_not_found");
      }
    }
    const anonymous = await call(sendTest, { method: "POST", id: randomUUID(), auth: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.code).toBe("unauthorized");
  });
});

describe("GET /api/v1/destinations/{id}/recovery", () => {
  it("says healthy again once an attempt or a test succeeds while failed deliveries wait", async () => {
    let up = false;
    const target = await sink(() => (up ? { status: 200 } : { status: 500 }));
    const destination = await createTestDestination({ url: target.url, retrySchedule: [] });
    for (let i = 0; i < 2; i += 1) {
      const delivery = await createTestDelivery({ destinationId: destination.id });
      await attemptDelivery({ deliveryId: delivery.id });
    }
    const failing = DestinationRecoveryView.parse((await call(recovery, { id: destination.id })).body.data);
    expect(failing).toEqual({ failed: 2, waiting: 0, healthyAgain: false, evidence: null });

    up = true;
    await call(sendTest, { method: "POST", id: destination.id });
    expect(DestinationRecoveryView.parse((await call(recovery, { id: destination.id })).body.data)).toEqual({ failed: 2, waiting: 0, healthyAgain: true, evidence: "test_succeeded" });

    // A real delivery succeeding is evidence too, and survives a later failed test.
    const fresh = await createTestDelivery({ destinationId: destination.id });
    await attemptDelivery({ deliveryId: fresh.id });
    up = false;
    await call(sendTest, { method: "POST", id: destination.id });
    expect(DestinationRecoveryView.parse((await call(recovery, { id: destination.id })).body.data)).toEqual({ failed: 2, waiting: 0, healthyAgain: true, evidence: "attempt_succeeded" });

    // Paused: not now.
    await db().destination.update({ where: { id: destination.id }, data: { state: "paused" } });
    expect(DestinationRecoveryView.parse((await call(recovery, { id: destination.id })).body.data)).toMatchObject({ healthyAgain: false });
  });
});

describe("URLs the outbound address policy refuses", () => {
  it("are not created or saved: 422 destination_url_refused on the url, with what to do", async () => {
    const name = uniqueName("Loopback");
    const refused = await call(create, { method: "POST", body: { name, url: "http://127.0.0.1:9/hook" } });
    expect(refused.status).toBe(422);
    expect(refused.body.error?.code).toBe("destination_url_refused");
    expect(refused.body.error?.message).toMatch(/loopback address.*turn on “Allow private network”/);
    expect(refused.body.error?.details?.[0]?.path).toEqual(["url"]);
    expect(await db().destination.count({ where: { name } })).toBe(0);

    const metadata = await call(create, { method: "POST", body: { name, url: "http://169.254.169.254/latest", allowPrivateNetwork: true } });
    expect(metadata.status).toBe(422);
    expect(metadata.body.error?.message).toMatch(/cloud metadata.*No setting of this destination can open it/);

    const allowed = await call(create, { method: "POST", body: { name, url: "http://127.0.0.1:9/hook", allowPrivateNetwork: true } });
    expect(allowed.status).toBe(201);
    const { id } = DestinationView.parse(allowed.body.data);
    const switchedOff = await call(update, { method: "PATCH", id, body: { allowPrivateNetwork: false } });
    expect(switchedOff.status).toBe(422);
    expect(switchedOff.body.error?.code).toBe("destination_url_refused");
    expect(await db().destination.findUniqueOrThrow({ where: { id } })).toMatchObject({ allowPrivateNetwork: true });
    // A name that does not resolve (yet) is saved: that may be temporary.
    expect((await call(update, { method: "PATCH", id, body: { url: "https://hooks.invalid/in" } })).status).toBe(200);
  });
});
