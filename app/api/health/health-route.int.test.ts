// GET /api/health, called as Next calls it: anonymous callers learn ok/unavailable only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { disconnectDb } from "@/lib/db";
import { healthAnswer, type Health } from "@/lib/runtime/check-health";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import { GET } from "./route";

afterAll(() => disconnectDb());

let token = "";
beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "health test", actor: TEST_ACTOR })).token;
});

const request = (headers: Record<string, string> = {}) => new Request("http://localhost:3999/api/health", { headers });

describe("GET /api/health", () => {
  it("answers an anonymous caller with its status alone", async () => {
    const response = await GET(request());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("gives the details to a caller with an API token, and nothing more to a bad token", async () => {
    const detailed = (await (await GET(request({ authorization: `Bearer ${token}` }))).json()) as Health & { status: string };
    expect(detailed).toMatchObject({ status: "ok", ok: true, database: { ok: true }, queue: { ok: true } });
    expect(typeof detailed.queue.queuedJobs).toBe("number");
    expect(await (await GET(request({ authorization: "Bearer swy_not_a_real_token_000000000000000000000000" }))).json()).toEqual({ status: "ok" });
  });
});

describe("healthAnswer", () => {
  const down: Health = {
    ok: false,
    database: { ok: false, error: "connect ECONNREFUSED 10.1.2.3:5432" },
    queue: { ok: false, error: "database unreachable" },
    supervisor: null,
    workers: null,
  };

  it("keeps error text, hosts and ports from anonymous callers", () => {
    const answer = healthAnswer(down, { detailed: false });
    expect(answer).toEqual({ status: "unavailable" });
    expect(JSON.stringify(answer)).not.toMatch(/ECONNREFUSED|10\\.1\\.2\\.3|5432/);
    expect(healthAnswer(down, { detailed: true })).toMatchObject({ status: "unavailable", database: { error: "connect ECONNREFUSED 10.1.2.3:5432" } });
  });
});
