// GET /api/v1/events/{id} and POST /api/v1/events/{id}/replay, called as Next calls the route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { EventDetailView } from "@/lib/events/event-detail-view";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import { POST as replay } from "./[id]/replay/route";
import { GET } from "./[id]/route";

let token = "";
let sink: Sink;
let eventId = "";
let deliveryId = "";
const rawBody = '{ "b": 1,   "a": "ünïcode" }\n';

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "event detail api tests", actor: TEST_ACTOR })).token;
  sink = await startSink((_request, index) => (index === 0 ? { status: 503 } : { status: 200 }));
  const destination = await createTestDestination({ url: sink.url });
  const delivery = await createTestDelivery({ destinationId: destination.id, eventBody: rawBody });
  deliveryId = delivery.id;
  eventId = delivery.eventId;
  await db().routingRun.update({ where: { id: delivery.routingRunId }, data: { trace: [] } });
  await db().event.update({ where: { id: eventId }, data: { payload: { b: 1, a: "ünïcode" }, verification: { scheme: "hmac", verified: true, secretHint: "abcd…" } } });
  await attemptDelivery({ deliveryId });
  // The retry is scheduled for later: due now, so the second attempt runs here.
  await db().delivery.update({ where: { id: deliveryId }, data: { nextAttemptAt: new Date() } });
  await attemptDelivery({ deliveryId });
});

afterAll(async () => {
  await sink.close();
  await disconnectDb();
});

const auth = () => ({ authorization: `Bearer ${token}` });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("GET /api/v1/events/{id}", () => {
  it("answers the event with its exact body, verification, routing runs and every delivery attempt", async () => {
    const response = await GET(new Request(`http://localhost/api/v1/events/${eventId}`, { headers: auth() }), params(eventId));
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: unknown };
    const event = EventDetailView.parse(data);
    expect(event.body).toEqual({ encoding: "text", value: rawBody, sizeBytes: Buffer.byteLength(rawBody), contentType: "application/json" });
    expect(event.payload).toEqual({ b: 1, a: "ünïcode" });
    expect(event.verification).toEqual({ scheme: "hmac", verified: true, secretHint: "abcd…" });
    expect(event.routingRuns).toHaveLength(1);
    expect(event.deliveries).toHaveLength(1);
    const delivery = event.deliveries[0]!;
    expect(delivery.id).toBe(deliveryId);
    expect(delivery.attempts.map((attempt) => attempt.responseStatus)).toEqual([503, 200]);
    expect(delivery.status).toBe("succeeded");
  });

  it("answers a body that is not UTF-8 in base64, byte for byte", async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const { sourceId } = await db().event.findUniqueOrThrow({ where: { id: eventId } });
    const other = await db().event.create({ data: { sourceId, method: "POST", headers: {}, contentType: "application/octet-stream", body: bytes, bodySize: bytes.length } });
    const response = await GET(new Request(`http://localhost/api/v1/events/${other.id}`, { headers: auth() }), params(other.id));
    const event = EventDetailView.parse(((await response.json()) as { data: unknown }).data);
    expect(event.body.encoding).toBe("base64");
    expect(Buffer.from(event.body.value, "base64").equals(bytes)).toBe(true);
    expect(event.verification).toEqual({ scheme: "unknown", verified: false });
  });

  it("answers 404 event_not_found for an unknown or malformed id, 401 without a token", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const missing = await GET(new Request(`http://localhost/api/v1/events/${unknown}`, { headers: auth() }), params(unknown));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("event_not_found");
    const malformed = await GET(new Request("http://localhost/api/v1/events/nope", { headers: auth() }), params("nope"));
    expect(malformed.status).toBe(404);
    expect((await GET(new Request(`http://localhost/api/v1/events/${eventId}`), params(eventId))).status).toBe(401);
  });
});

describe("POST /api/v1/events/{id}/replay", () => {
  it("queues a replay run, once per idempotency key, and records it in the audit log", async () => {
    const send = (body?: unknown) =>
      replay(
        new Request(`http://localhost/api/v1/events/${eventId}/replay`, {
          method: "POST",
          headers: { ...auth(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        params(eventId),
      );
    const key = `key-${Date.now()}-abcdefgh`;
    const first = await send({ idempotencyKey: key });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ data: { eventId, status: "queued" } });
    const again = await send({ idempotencyKey: key });
    expect(await again.json()).toEqual({ data: { eventId, status: "already_queued" } });
    const withoutBody = await send();
    expect(((await withoutBody.json()) as { data: { status: string } }).data.status).toBe("queued");
    const audits = await db().auditLog.count({ where: { action: "event.replayed", targetId: eventId } });
    expect(audits).toBe(2);
    const unknownKey = await send({ idempotencyKey: key, extra: true });
    expect(unknownKey.status).toBe(400);
  });

  it("answers 404 for an event that does not exist", async () => {
    const unknown = "00000000-0000-4000-8000-000000000001";
    const response = await replay(new Request(`http://localhost/api/v1/events/${unknown}/replay`, { method: "POST", headers: auth() }), params(unknown));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("event_not_found");
  });
});
