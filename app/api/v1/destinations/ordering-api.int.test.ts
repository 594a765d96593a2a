// Ordering keys through /api/v1: set, shown, changed and cleared on a destination (a template that
// cannot render is refused with the reason), and a blocked key listed and skipped through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { routeEvent } from "@/lib/pipeline/routing/route-events";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestSource, createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import { startRouteServer } from "@/lib/testing/route-server";
import * as skipRoute from "../deliveries/[id]/skip/route";
import * as blockedRoute from "./[id]/blocked-keys/route";
import * as destinationRoute from "./[id]/route";
import * as destinationsRoute from "./route";

let server: Awaited<ReturnType<typeof startRouteServer>>;
let sink: Sink;
let token = "";

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "ordering api", actor: TEST_ACTOR })).token;
  sink = await startSink(() => ({ status: 500 }));
  server = await startRouteServer({
    "/destinations": destinationsRoute,
    "/destinations/[id]": destinationRoute,
    "/destinations/[id]/blocked-keys": blockedRoute,
    "/deliveries/[id]/skip": skipRoute,
  });
});

afterAll(async () => {
  await server.close();
  await sink.close();
  await stopSender();
  await disconnectDb();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; data?: unknown; error?: { code: string; details?: Array<{ message: string }> } }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

describe("ordering keys in /api/v1", () => {
  it("sets, shows, changes and clears a destination's ordering key, and refuses one that cannot render", async () => {
    const base = { name: uniqueName("ordered"), url: `${sink.url}/x`, allowPrivateNetwork: true, retrySchedule: [] };
    for (const orderingKey of ["{{ticket.id", "ticket", "x".repeat(301), 5]) {
      const refused = await call("POST", "/destinations", { ...base, orderingKey });
      expect(refused.status, String(orderingKey)).toBe(400);
      expect(refused.error?.code).toBe("invalid_request");
    }
    const created = await call("POST", "/destinations", { ...base, orderingKey: " {{ticket.id}} " });
    expect(created.status).toBe(201);
    const { id } = created.data as { id: string; orderingKey: string };
    expect(created.data).toMatchObject({ orderingKey: "{{ticket.id}}" });
    expect((await call("GET", `/destinations/${id}`)).data).toMatchObject({ orderingKey: "{{ticket.id}}" });
    expect((await call("PATCH", `/destinations/${id}`, { orderingKey: "{{headers.x-shop}}" })).data).toMatchObject({ orderingKey: "{{headers.x-shop}}" });
    expect((await call("PATCH", `/destinations/${id}`, { orderingKey: "" })).data).toMatchObject({ orderingKey: null });
    expect((await call("PATCH", `/destinations/${id}`, { orderingKey: "{{ticket.id}}" })).data).toMatchObject({ orderingKey: "{{ticket.id}}" });
    expect((await call("GET", `/destinations/${id}/blocked-keys`)).data).toEqual([]);
    expect((await call("GET", `/destinations/00000000-0000-0000-0000-000000000000/blocked-keys`)).error?.code).toBe("destination_not_found");

    // Two events of key "t1": the first fails for good (no retries) and blocks the second.
    const source = await createTestSource();
    await createRule({ sourceId: source.id, actor: TEST_ACTOR, input: { name: "out", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [id] }] } });
    const ids: string[] = [];
    for (const [index, payload] of [{ ticket: { id: "t1" } }, { ticket: { id: "t1" } }, { other: true }].entries()) {
      const body = Buffer.from(JSON.stringify(payload));
      const event = await db().event.create({ data: { sourceId: source.id, receivedAt: new Date(Date.now() - 10_000 + index), method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, payload } });
      await routeEvent({ eventId: event.id });
      ids.push((await db().delivery.findFirstOrThrow({ where: { eventId: event.id } })).id);
    }
    const [head, behind, unordered] = ids as [string, string, string];
    expect(await db().delivery.findUniqueOrThrow({ where: { id: unordered } })).toMatchObject({ orderingKey: null });
    expect(await attemptDelivery({ deliveryId: head })).toMatchObject({ outcome: "attempted", status: "failed" });
    expect(await attemptDelivery({ deliveryId: behind })).toEqual({ outcome: "blocked", blockedBy: head });
    // The unordered one is not held up by anything.
    expect(await attemptDelivery({ deliveryId: unordered })).toMatchObject({ outcome: "attempted" });

    const blocked = await call("GET", `/destinations/${id}/blocked-keys`);
    expect(blocked.data).toMatchObject([{ key: "t1", deliveryId: head, status: "failed", attempts: 1, waiting: 1 }]);
    expect((blocked.data as Array<{ lastError: string | null }>)[0]?.lastError).toMatch(/500/);
    expect((await call("POST", `/deliveries/${unordered}/skip`)).error?.code).toBe("delivery_not_skippable");
    expect((await call("POST", `/deliveries/${head}/skip`)).data).toMatchObject({ id: head, status: "cancelled" });
    expect((await call("GET", `/destinations/${id}/blocked-keys`)).data).toEqual([]);
    // The one behind it got a job and goes now.
    const jobs = await db().$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'deliver' AND data->>'deliveryId' = ${behind} AND state = 'created'`;
    expect(Number(jobs[0]?.n)).toBeGreaterThanOrEqual(1);
    expect(await attemptDelivery({ deliveryId: behind })).toMatchObject({ outcome: "attempted" });
  });
});
