// /api/v1/deliveries and /api/v1/bulk-operations, called as Next calls the route handlers: a
// Request and a promise of the params.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { BulkOperationView } from "@/lib/bulk-operations/schema";
import { runBulkOperationBatch } from "@/lib/bulk-operations/run-bulk-operation-batch";
import { db, disconnectDb } from "@/lib/db";
import { DeliveryListItemView, DeliveryStateView, DeliveryView } from "@/lib/deliveries/schema";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import * as bulkOperationRoute from "../bulk-operations/[id]/route";
import * as bulkOperationsRoute from "../bulk-operations/route";
import * as cancelRoute from "./[id]/cancel/route";
import * as retryRoute from "./[id]/retry/route";
import * as deliveryRoute from "./[id]/route";
import * as deliveriesRoute from "./route";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  body: {
    data?: unknown;
    nextCursor?: unknown;
    destinationPaused?: unknown;
    circuitOpen?: unknown;
    awaitingAttempt?: unknown;
    error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> };
  };
}

let token = "";
let userId = "";
/** How the audit log names this file's token's calls. */
let tokenLabel = "";
const sinks: Sink[] = [];

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  userId = user.id;
  tokenLabel = `API token “deliveries route tests” (${user.email})`;
  token = (await createApiToken({ userId: user.id, name: "deliveries route tests", actor: TEST_ACTOR })).token;
});

/** The audit rows about one target: [action, actor label], oldest first. */
async function audited(targetId: string) {
  const rows = await db().auditLog.findMany({ where: { targetId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return rows.map((row) => [row.action, row.actorLabel, row.actorId]);
}

afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await stopSender();
  await disconnectDb();
});

async function call(
  handler: Handler,
  { method = "GET", id = "", query = "", body, auth = `Bearer ${token}` }: { method?: string; id?: string; query?: string; body?: unknown; auth?: string | null } = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: auth ? { authorization: auth } : {} };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(`http://localhost:3999/api/v1/x/${id}${query}`, init), { params: Promise.resolve({ id }) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

const list = deliveriesRoute.GET as unknown as Handler;
const retry = retryRoute.POST;
const getOne = deliveryRoute.GET;
const cancel = cancelRoute.POST;
const startBulk = bulkOperationsRoute.POST as unknown as Handler;
const listBulk = bulkOperationsRoute.GET as unknown as Handler;
const getBulk = bulkOperationRoute.GET;
const cancelBulk = bulkOperationRoute.DELETE;

/** A destination answering 500 (or as `reply` says) with `count` deliveries that failed for good. */
async function failing(count: number, reply: Sink["reply"] = () => ({ status: 500, body: "broken" })) {
  const sink = await startSink((request, index) => reply(request, index));
  sinks.push(sink);
  const destination = await createTestDestination({ url: sink.url, retrySchedule: [] });
  const deliveries = [];
  for (let i = 0; i < count; i += 1) {
    const delivery = await createTestDelivery({ destinationId: destination.id });
    await attemptDelivery({ deliveryId: delivery.id });
    deliveries.push(delivery);
  }
  return { destination, deliveries };
}

describe("/api/v1 deliveries and bulk operations authentication", () => {
  it("answers 401 unauthorized without a token or with an unknown one", async () => {
    const id = randomUUID();
    for (const auth of [null, "Bearer swy_unknown_0000000000000000000000000000000000"]) {
      const answers = [
        await call(list, { auth }),
        await call(retry, { method: "POST", id, auth }),
        await call(getOne, { id, auth }),
        await call(cancel, { method: "POST", id, auth }),
        await call(listBulk, { auth }),
        await call(startBulk, { method: "POST", auth, body: { kind: "retry" } }),
        await call(getBulk, { id, auth }),
        await call(cancelBulk, { method: "DELETE", id, auth }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expect(answer.body.error?.code).toBe("unauthorized");
      }
    }
  });
});

describe("/api/v1/deliveries", () => {
  it("lists with filters and a cursor, and refuses bad parameters with invalid_request", async () => {
    const { destination, deliveries } = await failing(3);
    const first = await call(list, { query: `?destination=${destination.id}&status=failed&response=5xx&limit=2` });
    expect(first.status).toBe(200);
    const page = DeliveryListItemView.array().parse(first.body.data);
    expect(page.map((item) => item.id)).toEqual([deliveries[2]!.id, deliveries[1]!.id]);
    expect(page[0]).toMatchObject({ status: "failed", attempts: 1, lastStatus: 500, lastResponseSnippet: "broken", destination: { id: destination.id, name: destination.name } });
    expect(typeof first.body.nextCursor).toBe("string");
    const second = await call(list, { query: `?destination=${destination.id}&limit=2&cursor=${String(first.body.nextCursor)}` });
    expect(DeliveryListItemView.array().parse(second.body.data).map((item) => item.id)).toEqual([deliveries[0]!.id]);
    expect(second.body.nextCursor).toBeNull();
    expect((await call(list, { query: `?destination=${destination.id}&response=4xx` })).body.data).toEqual([]);

    const bad = await call(list, { query: "?status=lost&response=2000&limit=0" });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("invalid_request");
    expect(bad.body.error?.details?.map((detail) => detail.path[0]).sort()).toEqual(["limit", "response", "status"]);
    const badCursor = await call(list, { query: "?cursor=nope" });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error?.details?.[0]?.path).toEqual(["cursor"]);
  });

  it("retries a failed delivery and cancels it, with stable codes for what cannot be done", async () => {
    const { deliveries } = await failing(1);
    const delivery = deliveries[0]!;
    const retried = await call(retry, { method: "POST", id: delivery.id });
    expect(retried.status).toBe(200);
    expect(DeliveryStateView.parse(retried.body.data)).toMatchObject({ id: delivery.id, eventId: delivery.eventId, status: "retrying" });
    expect(retried.body.destinationPaused).toBe(false);
    expect(retried.body.circuitOpen).toBe(false);

    const cancelled = await call(cancel, { method: "POST", id: delivery.id });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toEqual({ id: delivery.id, eventId: delivery.eventId, status: "cancelled", nextAttemptAt: null });
    const again = await call(cancel, { method: "POST", id: delivery.id });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("delivery_not_cancellable");

    await db().delivery.update({ where: { id: delivery.id }, data: { status: "succeeded" } });
    const succeeded = await call(retry, { method: "POST", id: delivery.id });
    expect(succeeded.status).toBe(409);
    expect(succeeded.body.error?.code).toBe("delivery_already_succeeded");
    for (const handler of [retry, cancel]) {
      const missing = await call(handler, { method: "POST", id: randomUUID() });
      expect(missing.status).toBe(404);
      expect(missing.body.error?.code).toBe("delivery_not_found");
    }
    // Recorded as the token's, once each; the refused calls recorded nothing.
    expect(await audited(delivery.id)).toEqual([
      ["delivery.retried", tokenLabel, userId],
      ["delivery.cancelled", tokenLabel, userId],
    ]);
  });
});

describe("/api/v1/deliveries/{id}: a retry's outcome", () => {
  it("says which attempt a retry makes, and shows that attempt's outcome once made", async () => {
    let answer = { status: 500, body: "broken" };
    const { deliveries } = await failing(1, () => answer);
    const delivery = deliveries[0]!;
    const before = DeliveryView.parse((await call(getOne, { id: delivery.id })).body.data);
    expect(before).toMatchObject({ status: "failed", attempts: 1, lastAttempt: { number: 1, responseStatus: 500, errorClass: "http_status", errorMessage: "The endpoint answered 500 Internal Server Error" } });

    const retried = await call(retry, { method: "POST", id: delivery.id });
    expect(retried.body.awaitingAttempt).toBe(2);
    expect(DeliveryView.parse((await call(getOne, { id: delivery.id })).body.data)).toMatchObject({ status: "retrying", attempts: 1, lastAttempt: { number: 1 } });

    answer = { status: 200, body: "thanks" };
    await attemptDelivery({ deliveryId: delivery.id });
    const after = DeliveryView.parse((await call(getOne, { id: delivery.id })).body.data);
    expect(after).toMatchObject({ status: "succeeded", attempts: 2, lastStatus: 200, lastResponseSnippet: "thanks", lastAttempt: { number: 2, responseStatus: 200, errorClass: null, errorMessage: null } });

    for (const id of [randomUUID(), "not-a-uuid", "../../sources"]) {
      const missing = await call(getOne, { id });
      expect(missing.status).toBe(404);
      expect(missing.body.error?.code).toBe("delivery_not_found");
    }
  });
});

describe("/api/v1/bulk-operations", () => {
  it("reports how a bulk retry's retries ended: succeeded, failed again, still retrying", async () => {
    let fixed = false;
    // One endpoint: a delivery whose event says "stubborn" keeps failing after the fix.
    const { destination, deliveries } = await failing(3, (request) => (fixed && !request.body.toString().includes("stubborn") ? { status: 200 } : { status: 500 }));
    const stubborn = await createTestDelivery({ destinationId: destination.id, eventBody: JSON.stringify({ stubborn: true }) });
    await attemptDelivery({ deliveryId: stubborn.id });
    const started = await call(startBulk, { method: "POST", body: { kind: "retry", filter: { destination: destination.id } } });
    const operation = BulkOperationView.parse(started.body.data);
    expect(operation.outcome).toEqual({ retried: 0, succeeded: 0, failed: 0, retrying: 0, cancelled: 0 });

    await runBulkOperationBatch({ operationId: operation.id });
    const requeued = BulkOperationView.parse((await call(getBulk, { id: operation.id })).body.data);
    expect(requeued).toMatchObject({ status: "completed", processed: 4, outcome: { retried: 4, succeeded: 0, failed: 0, retrying: 4, cancelled: 0 } });

    fixed = true;
    for (const delivery of [...deliveries, stubborn].slice(1)) await attemptDelivery({ deliveryId: delivery.id });
    const partly = BulkOperationView.parse((await call(getBulk, { id: operation.id })).body.data);
    expect(partly.outcome).toEqual({ retried: 4, succeeded: 2, failed: 1, retrying: 1, cancelled: 0 });
    await attemptDelivery({ deliveryId: deliveries[0]!.id });
    const listed = BulkOperationView.array().parse((await call(listBulk, { query: "?kind=retry" })).body.data);
    expect(listed.find((item) => item.id === operation.id)?.outcome).toEqual({ retried: 4, succeeded: 3, failed: 1, retrying: 0, cancelled: 0 });
  });

  it("starts a bulk retry, shows its progress, lists it, and refuses to cancel it once completed", async () => {
    const { destination } = await failing(2);
    const started = await call(startBulk, { method: "POST", body: { kind: "retry", filter: { destination: destination.id } } });
    expect(started.status).toBe(201);
    const operation = BulkOperationView.parse(started.body.data);
    expect(operation).toMatchObject({ kind: "retry", status: "running", total: 2, processed: 0, createdById: userId, filter: { destination: destination.id, status: "failed" } });

    await runBulkOperationBatch({ operationId: operation.id });
    const read = await call(getBulk, { id: operation.id });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: operation.id, status: "completed", processed: 2 });
    const listed = await call(listBulk, { query: "?kind=retry" });
    expect(BulkOperationView.array().parse(listed.body.data).map((item) => item.id)).toContain(operation.id);

    const late = await call(cancelBulk, { method: "DELETE", id: operation.id });
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe("bulk_operation_finished");
    expect(await audited(operation.id)).toEqual([["bulk_operation.started", tokenLabel, userId]]);
  });

  it("cancels a running one, and answers not found and invalid_request with details", async () => {
    const { destination } = await failing(1);
    const started = await call(startBulk, { method: "POST", body: { kind: "retry", filter: { destination: destination.id } } });
    const { id } = BulkOperationView.parse(started.body.data);
    const cancelled = await call(cancelBulk, { method: "DELETE", id });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ id, status: "cancelled", cancelRequested: true });
    expect(await audited(id)).toEqual([
      ["bulk_operation.started", tokenLabel, userId],
      ["bulk_operation.cancelled", tokenLabel, userId],
    ]);

    const missing = await call(getBulk, { id: randomUUID() });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe("bulk_operation_not_found");
    const badFilter = await call(startBulk, { method: "POST", body: { kind: "retry", filter: { status: "succeeded", response: "abc" } } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error?.code).toBe("invalid_request");
    expect(badFilter.body.error?.details?.map((detail) => detail.path.join(".")).sort()).toEqual(["filter.response", "filter.status"]);
    const badKind = await call(startBulk, { method: "POST", body: { kind: "delete" } });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error?.details?.[0]?.path).toEqual(["kind"]);
  });
});
