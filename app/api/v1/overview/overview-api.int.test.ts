// GET /api/v1/overview, called as Next calls the route handler: history by final outcome and what
// is failing now, a bad range refused with a stable code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { OverviewView } from "@/lib/overview/schema";
import { createTestDelivery, createTestDestination } from "@/lib/testing/delivery-fixtures";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import * as overviewRoute from "./route";

let token = "";

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "overview tests", actor: TEST_ACTOR })).token;
});

afterAll(() => disconnectDb());

async function get(query: string, auth: string | null = `Bearer ${token}`) {
  const response = await overviewRoute.GET(new Request(`http://localhost:3999/api/v1/overview${query}`, { headers: auth ? { authorization: auth } : {} }));
  return { status: response.status, body: (await response.json()) as { data?: unknown; error?: { code: string; details?: Array<{ path: unknown[] }> } } };
}

describe("GET /api/v1/overview", () => {
  it("counts deliveries by final outcome over the range, and what is failing now apart from it", async () => {
    // Other files' rows are in the same database: compare with the figures just before (files run one at a time).
    const before = OverviewView.parse((await get("?range=hour")).body.data);
    const destination = await createTestDestination({ url: "http://127.0.0.1:9/overview" });
    const failed = await createTestDelivery({ destinationId: destination.id });
    await db().delivery.update({ where: { id: failed.id }, data: { status: "failed", attempts: 2, lastStatus: 500 } });
    await db().destination.update({ where: { id: destination.id }, data: { consecutiveFailures: 2, failingSince: new Date() } });

    const answer = await get("?range=hour");
    expect(answer.status).toBe(200);
    const failing = OverviewView.parse(answer.body.data);
    expect(failing.range).toBe("hour");
    expect(failing.history.deliveries - before.history.deliveries).toBe(1);
    expect(failing.history.failed - before.history.failed).toBe(1);
    expect(failing.failingNow.destinationCount - before.failingNow.destinationCount).toBe(1);
    expect(failing.failingNow.failedDeliveries - before.failingNow.failedDeliveries).toBe(1);

    // Recovered: delivered on a retry (two failed attempts stay in its history), and its endpoint answers again.
    await db().delivery.update({ where: { id: failed.id }, data: { status: "succeeded", attempts: 3, lastStatus: 200 } });
    await db().destination.update({ where: { id: destination.id }, data: { consecutiveFailures: 0, failingSince: null } });
    const recovered = OverviewView.parse((await get("?range=hour")).body.data);
    expect(recovered.history.failed).toBe(before.history.failed);
    expect(recovered.history.succeeded - before.history.succeeded).toBe(1);
    expect(recovered.failingNow.destinationCount).toBe(before.failingNow.destinationCount);
    expect(recovered.failingNow.failedDeliveries).toBe(before.failingNow.failedDeliveries);
    expect(recovered.history.topFailingDestinations.map((item) => item.id)).not.toContain(destination.id);
    expect(OverviewView.parse((await get("")).body.data).range).toBe("day");
  });

  it("refuses an unknown range or parameter with invalid_request, and a caller without a token with unauthorized", async () => {
    for (const query of ["?range=year", "?range=day&extra=1", "?range=%27%3B%20DROP%20TABLE%20deliveries"]) {
      const answer = await get(query);
      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe("invalid_request");
    }
    const anonymous = await get("", null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.code).toBe("unauthorized");
  });
});
