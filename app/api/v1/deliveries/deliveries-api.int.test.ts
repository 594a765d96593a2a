// /api/v1/deliveries and /api/v1/bulk-operations, called as Next calls the route handlers: a
// Request and a promise of the params.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { BulkOperationView } from "@/lib/bulk-operations/schema";
import { runBulkOperationBatch } from "@/lib/bulk-operations/run-bulk-operation-batch";
import { db, disconnectDb } from "@/lib/db";
import { DeliveryListItemView, DeliveryStateView } from "@/lib/deliveries/schema";
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { stopSender } from "@/lib/queue";
import { createTestDelivery, createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import * as bulkOperationRoute from "../bulk-operations/[id]/route";
import * as bulkOperationsRoute from "../bulk-operations/route";
import * as cancelRoute from "./[id]/cancel/route";
import * as retryRoute from "./[id]/retry/route";
import * as deliveriesRoute from "./route";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  body: {
    data?: unknown;
    nextCursor?: unknown;
    destinationPaused?: unknown;
    circuitOpen?: unknown;
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
const cancel = cancelRoute.POST;
const startBulk = bulkOperationsRoute.POST as unknown as Handler;
const listBulk = bulkOperationsRoute.GET as unknown as Handler;
const getBulk = bulkOperationRoute.GET;
const cancelBulk = bulkOperationRoute.DELETE;

/** A destination answering 500 with `count` deliveries that failed for good. */
async function failing(count: number) {
  const sink = await startSink(() => ({ status: 500, body: "broken" }));
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

describe("/api/v1/bulk-operations", () => {
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
