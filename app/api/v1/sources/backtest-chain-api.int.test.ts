// POST /api/v1/sources/{id}/rules/backtest-chain, called as Next calls the route handler: the typed
// answer, refusals of hostile drafts, unknown sources, and the roles (a viewer is refused: rule
// tests are the operator's, lib/access/permissions.ts "rule.test").
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb, pool } from "@/lib/db";
import { ChainBacktestResult, type ChainBacktestResult as LibChainBacktestResult } from "@/lib/rules/backtest-chain";
import { createRule } from "@/lib/rules/create-rule";
import { createTestSource, createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import * as chainRoute from "./[id]/rules/backtest-chain/route";

afterAll(() => disconnectDb());

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  body: { data?: unknown; error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> } };
}
const handler = chainRoute.POST as unknown as Handler;
const tokens: Record<"viewer" | "operator", string> = { viewer: "", operator: "" };

beforeAll(async () => {
  for (const role of ["viewer", "operator"] as const) {
    const user = await createTestUser({ role });
    tokens[role] = (await createApiToken({ userId: user.id, name: `chain ${role}`, role, actor: TEST_ACTOR })).token;
  }
});

async function call(id: string, body: unknown, role: "viewer" | "operator" = "operator"): Promise<Answer> {
  const response = await handler(
    new Request(`http://localhost:3999/api/v1/sources/${id}/rules/backtest-chain`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ id }) },
  );
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const high = { combinator: "and", rules: [{ field: "body.priority", operator: "=", value: "high" }] };

describe("POST /api/v1/sources/{id}/rules/backtest-chain", () => {
  it("answers the typed result for the chain, and for a draft in place", async () => {
    expectTypeOf<z.infer<typeof ChainBacktestResult>>().toEqualTypeOf<LibChainBacktestResult>();
    const source = await createTestSource();
    for (const priority of ["high", "low"]) {
      const body = JSON.stringify({ priority });
      await pool().query(
        `INSERT INTO events (source_id, method, headers, content_type, body, body_size, payload, status) VALUES ($1, 'POST', '{}', 'application/json', convert_to($2, 'UTF8'), octet_length($2), $2::jsonb, 'unmatched')`,
        [source.id, body],
      );
    }
    const rule = await createRule({ sourceId: source.id, actor: TEST_ACTOR, input: { name: "High", conditions: high, actions: [{ type: "addTags", tags: ["high"] }] } });

    const chain = await call(source.id, { limit: 10 });
    expect(chain.status).toBe(200);
    expect(ChainBacktestResult.parse(chain.body.data)).toMatchObject({ evaluated: 2, truncated: false, comparedWith: "stored", summary: "+1 high" });

    const draft = await call(source.id, { period: "day", draft: { ruleId: rule!.id, rule: { name: "High", conditions: high, actions: [{ type: "addTags", tags: ["hot"] }] } } });
    expect(draft.status).toBe(200);
    expect(draft.body.data).toMatchObject({ comparedWith: "saved", draft: { ruleId: rule!.id, position: 1 }, summary: expect.stringMatching(/^(\+1 hot, −1 high|−1 high, \+1 hot)$/) as unknown });
  });

  it("refuses hostile and huge input with 400 and the path, never a 500", async () => {
    const source = await createTestSource();
    let deep: unknown = { field: "body.a", operator: "=", value: "x" };
    for (let depth = 0; depth < 40; depth++) deep = { combinator: "and", rules: [deep] };
    const answers = [
      await call(source.id, { limit: 100_001 }),
      await call(source.id, { period: "forever" }),
      await call(source.id, { unknown: true }),
      await call(source.id, { draft: { rule: { name: "Deep", conditions: deep, actions: [{ type: "stop" }] } } }),
      await call(source.id, { draft: { rule: { name: "Regex", conditions: { combinator: "and", rules: [{ field: "body.a", operator: "matches", value: "(".repeat(600) }] }, actions: [{ type: "stop" }] } } }),
      await call(source.id, { draft: { ruleId: randomUUID(), rule: { name: "Gone", conditions: high, actions: [{ type: "stop" }] } } }),
      await call(source.id, "{not json"),
    ];
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answers[0]!.body.error?.details?.[0]?.path).toEqual(["limit"]);
    expect(answers[5]!.body.error?.details?.[0]).toMatchObject({ path: ["draft", "ruleId"], message: expect.stringContaining("no longer") as unknown });
  });

  it("answers 404 for an unknown source and 403 to a viewer", async () => {
    for (const id of [randomUUID(), "not-a-uuid"]) expect((await call(id, {})).body.error?.code).toBe("source_not_found");
    const source = await createTestSource();
    const refused = await call(source.id, {}, "viewer");
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe("forbidden");
    expect(await db().source.count({ where: { id: source.id } })).toBe(1);
  });
});
