// /api/v1/sources/{id}/rules… and /api/v1/rules/{id}…, called as Next calls the route handlers: a
// Request and a promise of the params.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { BacktestResult, CollectedField, RuleVersionView, RuleView, TestRuleResult } from "@/lib/api/schemas";
import { db, disconnectDb } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import type { BacktestResult as LibBacktestResult } from "@/lib/rules/backtest";
import type { CollectedField as LibCollectedField } from "@/lib/rules/collect-fields";
import type { RuleVersionView as LibRuleVersionView } from "@/lib/rules/list-rule-versions";
import type { RuleView as LibRuleView } from "@/lib/rules/rule-view";
import type { TestRuleResult as LibTestRuleResult } from "@/lib/rules/test-rule";
import { createTestSource, createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import * as sourceFieldsRoute from "../sources/[id]/fields/route";
import * as backtestRoute from "../sources/[id]/rules/backtest/route";
import * as orderRoute from "../sources/[id]/rules/order/route";
import * as sourceRulesRoute from "../sources/[id]/rules/route";
import * as testRoute from "../sources/[id]/rules/test/route";
import * as rollbackRoute from "./[id]/rollback/route";
import * as ruleRoute from "./[id]/route";
import * as versionsRoute from "./[id]/versions/route";

afterAll(() => disconnectDb());

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> } };
}

let token = "";
let userEmail = "";
let destinationId = "";

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  userEmail = user.email;
  token = (await createApiToken({ userId: user.id, name: "rules route tests", actor: TEST_ACTOR })).token;
  destinationId = (await createDestination({ input: { name: uniqueName("dest"), url: "https://example.com/hook" }, actor: TEST_ACTOR })).destination.id;
});

async function call(handler: Handler, { method = "GET", id = "", body, auth = `Bearer ${token}` }: { method?: string; id?: string; body?: unknown; auth?: string | null } = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: auth ? { authorization: auth } : {} };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(`http://localhost:3999/api/v1/x/${id}`, init), { params: Promise.resolve({ id }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

const h = (handler: unknown) => handler as Handler;
const routes = {
  list: h(sourceRulesRoute.GET),
  create: h(sourceRulesRoute.POST),
  order: h(orderRoute.PUT),
  backtest: h(backtestRoute.POST),
  test: h(testRoute.POST),
  fields: h(sourceFieldsRoute.GET),
  get: h(ruleRoute.GET),
  patch: h(ruleRoute.PATCH),
  remove: h(ruleRoute.DELETE),
  versions: h(versionsRoute.GET),
  rollback: h(rollbackRoute.POST),
};

const WITH_METHODS: Array<[string, Handler]> = [
  ["GET", routes.list],
  ["POST", routes.create],
  ["PUT", routes.order],
  ["POST", routes.backtest],
  ["POST", routes.test],
  ["GET", routes.fields],
  ["GET", routes.get],
  ["PATCH", routes.patch],
  ["DELETE", routes.remove],
  ["GET", routes.versions],
  ["POST", routes.rollback],
];

const urgent = { combinator: "and", rules: [{ field: "body.priority", operator: "=", value: "urgent" }] };
const ruleBody = (name: string, conditions: unknown = urgent) => ({ name, conditions, actions: [{ type: "forward", destinationIds: [destinationId] }] });

describe("the response schemas", () => {
  it("match the lib's types", () => {
    expectTypeOf<z.infer<typeof RuleView>>().toEqualTypeOf<LibRuleView>();
    expectTypeOf<z.infer<typeof RuleVersionView>>().toEqualTypeOf<LibRuleVersionView>();
    expectTypeOf<z.infer<typeof BacktestResult>>().toEqualTypeOf<LibBacktestResult>();
    expectTypeOf<z.infer<typeof CollectedField>>().toEqualTypeOf<LibCollectedField>();
    expectTypeOf<z.infer<typeof TestRuleResult>>().toEqualTypeOf<LibTestRuleResult>();
  });
});

describe("/api/v1 rules authentication", () => {
  it("answers 401 unauthorized without a token or with an unknown one, before reading the body", async () => {
    const id = randomUUID();
    for (const auth of [null, "Bearer swy_unknown_0000000000000000000000000000000000"]) {
      for (const [method, handler] of WITH_METHODS) {
        const answer = await call(handler, { method, id, auth, body: method === "GET" || method === "DELETE" ? undefined : "{not json" });
        expect(answer.status, `${method} ${handler.name}`).toBe(401);
        expect(answer.body.error?.code).toBe("unauthorized");
      }
    }
  });
});

describe("/api/v1 rules with a bearer token", () => {
  it("creates, lists, reads, saves, versions, rolls back, reorders, backtests, tests and deletes rules", async () => {
    const source = await createTestSource();
    await db().event.createMany({
      data: ["urgent", "low", "urgent", "high"].map((priority, i) => ({
        sourceId: source.id,
        method: "POST",
        headers: { "x-team": "support" },
        body: Buffer.from(JSON.stringify({ priority })),
        bodySize: 1,
        payload: { priority, ticket: { id: i } },
        eventType: "ticket.created",
        receivedAt: new Date(Date.now() - i * 1000),
      })),
    });

    const created = await call(routes.create, { method: "POST", id: source.id, body: ruleBody("Urgent") });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const rule = RuleView.parse(created.body.data);
    expect(rule).toMatchObject({ sourceId: source.id, name: "Urgent", enabled: true, version: 1, position: 0, conditions: urgent });
    const second = RuleView.parse((await call(routes.create, { method: "POST", id: source.id, body: { ...ruleBody("Tag all", { combinator: "and", rules: [] }), actions: [{ type: "addTags", tags: ["seen"] }] } })).body.data);
    expect(second.position).toBe(1);

    const listed = await call(routes.list, { id: source.id });
    expect(listed.status).toBe(200);
    expect(RuleView.array().parse(listed.body.data).map((item) => item.id)).toEqual([rule.id, second.id]);

    const read = await call(routes.get, { id: rule.id });
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(rule);

    const high = { combinator: "or", rules: [{ field: "body.priority", operator: "in", value: ["urgent", "high"] }] };
    const patched = await call(routes.patch, { method: "PATCH", id: rule.id, body: { ...ruleBody("Urgent or high", high), enabled: false } });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ id: rule.id, version: 2, name: "Urgent or high", enabled: false, conditions: high });
    // The same rule again changes nothing.
    expect((await call(routes.patch, { method: "PATCH", id: rule.id, body: { ...ruleBody("Urgent or high", high), enabled: false } })).body.data).toMatchObject({ version: 2 });

    const versions = await call(routes.versions, { id: rule.id });
    expect(versions.status).toBe(200);
    const history = RuleVersionView.array().parse(versions.body.data);
    expect(history.map((version) => version.version)).toEqual([2, 1]);
    expect(history[0]?.createdBy).toBe(userEmail);
    expect(history[1]?.changes).toEqual([{ kind: "added", what: "created" }]);
    expect(history[0]?.changes).toEqual(
      expect.arrayContaining([
        { kind: "changed", what: 'name: "Urgent" → "Urgent or high"' },
        { kind: "changed", what: "disabled" },
        { kind: "removed", what: 'condition: body.priority = "urgent"' },
      ]),
    );

    const rolledBack = await call(routes.rollback, { method: "POST", id: rule.id, body: { version: 1 } });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body.data).toMatchObject({ id: rule.id, version: 3, name: "Urgent", enabled: true, conditions: urgent });
    expect(RuleVersionView.array().parse((await call(routes.versions, { id: rule.id })).body.data)).toHaveLength(3);

    const reordered = await call(routes.order, { method: "PUT", id: source.id, body: { ruleIds: [second.id, rule.id] } });
    expect(reordered.status).toBe(200);
    expect(RuleView.array().parse(reordered.body.data).map((item) => [item.id, item.position])).toEqual([
      [second.id, 0],
      [rule.id, 1],
    ]);
    const incomplete = await call(routes.order, { method: "PUT", id: source.id, body: { ruleIds: [rule.id] } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["ruleIds"] }] });

    const backtest = await call(routes.backtest, { method: "POST", id: source.id, body: { conditions: high, ruleId: rule.id } });
    expect(backtest.status).toBe(200);
    const result = BacktestResult.parse(backtest.body.data);
    expect(result).toMatchObject({ evaluated: 4, matched: 3, comparison: { savedMatched: 2, newlyMatched: 1, noLongerMatched: 0 } });
    expect(result.unmatchedExamples).toHaveLength(1);
    expect((await call(routes.backtest, { method: "POST", id: source.id, body: { conditions: urgent, limit: 2 } })).body.data).toMatchObject({ evaluated: 2, matched: 1, comparison: null });

    const tested = await call(routes.test, { method: "POST", id: source.id, body: { rule: ruleBody("Draft"), sample: { payload: { priority: "urgent" }, headers: { "X-Team": "ops" } } } });
    expect(tested.status).toBe(200);
    const run = TestRuleResult.parse(tested.body.data);
    expect(run.matched).toBe(true);
    expect(run.conditions.rules[0]).toMatchObject({ kind: "condition", field: "body.priority", actual: "urgent", passed: true });
    expect(run.run).toMatchObject({ outcome: "routed", forwards: [{ destinationId, body: { mode: "original" } }] });
    const missed = await call(routes.test, { method: "POST", id: source.id, body: { rule: ruleBody("Draft"), sample: { payload: { priority: "low" } } } });
    expect(missed.body.data).toMatchObject({ matched: false, run: { outcome: "unmatched" } });

    const fields = await call(routes.fields, { id: source.id });
    expect(fields.status).toBe(200);
    const collected = CollectedField.array().parse(fields.body.data);
    expect(collected).toEqual(expect.arrayContaining([{ field: "body.priority", types: ["string"], count: 4, samples: ["urgent", "low", "high"] }]));
    expect(collected.map((field) => field.field)).toEqual(expect.arrayContaining(["event.type", "headers.x-team", "body.ticket.id"]));

    const deleted = await call(routes.remove, { method: "DELETE", id: rule.id });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: rule.id });
    expect((await call(routes.get, { id: rule.id })).status).toBe(404);
    expect((await call(routes.versions, { id: rule.id })).status).toBe(404);
    expect(RuleView.array().parse((await call(routes.list, { id: source.id })).body.data).map((item) => item.id)).toEqual([second.id]);
  });

  it("answers 400 invalid_request with the issues in details", async () => {
    const source = await createTestSource();
    const noActions = await call(routes.create, { method: "POST", id: source.id, body: { ...ruleBody("x"), actions: [] } });
    expect(noActions.status).toBe(400);
    expect(noActions.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["actions"], message: "Add at least one action" }] });

    const unknown = randomUUID();
    const unknownDestination = await call(routes.create, { method: "POST", id: source.id, body: { ...ruleBody("x"), actions: [{ type: "forward", destinationIds: [unknown] }] } });
    expect(unknownDestination.status).toBe(400);
    expect(unknownDestination.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["actions", 0, "destinationIds"], message: expect.stringContaining(unknown) as unknown }] });

    const badRegex = await call(routes.create, { method: "POST", id: source.id, body: ruleBody("x", { combinator: "and", rules: [{ field: "body.subject", operator: "matches", value: "(unclosed" }] }) });
    expect(badRegex.status).toBe(400);
    expect(badRegex.body.error?.code).toBe("invalid_request");
    expect(badRegex.body.error?.details?.[0]?.path).toEqual(["conditions", "rules", 0, "value"]);
    expect(await db().rule.count({ where: { sourceId: source.id } })).toBe(0);

    const rule = RuleView.parse((await call(routes.create, { method: "POST", id: source.id, body: ruleBody("ok") })).body.data);
    const badPatch = await call(routes.patch, { method: "PATCH", id: rule.id, body: { ...ruleBody("ok"), actions: [{ type: "forward", destinationIds: [unknown] }] } });
    expect(badPatch.body.error?.details).toEqual([{ path: ["actions", 0, "destinationIds"], message: expect.any(String) as unknown }]);
    expect((await call(routes.rollback, { method: "POST", id: rule.id, body: { version: 0 } })).body.error?.details?.[0]?.path).toEqual(["version"]);
    expect((await call(routes.backtest, { method: "POST", id: source.id, body: { conditions: urgent, limit: 0 } })).body.error?.details?.[0]?.path).toEqual(["limit"]);
    expect((await call(routes.order, { method: "PUT", id: source.id, body: { ruleIds: ["nope"] } })).body.error?.details?.[0]?.path).toEqual(["ruleIds", 0]);
    expect((await call(routes.test, { method: "POST", id: source.id, body: { rule: ruleBody("x") } })).status).toBe(400);
    expect((await call(routes.create, { method: "POST", id: source.id, body: "{" })).body.error?.code).toBe("invalid_json");
  });

  it("answers 404 for an unknown or malformed source, rule or version", async () => {
    for (const id of [randomUUID(), "not-a-uuid"]) {
      const sourceAnswers = [
        await call(routes.list, { id }),
        await call(routes.create, { method: "POST", id, body: ruleBody("x") }),
        await call(routes.order, { method: "PUT", id, body: { ruleIds: [randomUUID()] } }),
        await call(routes.backtest, { method: "POST", id, body: { conditions: urgent } }),
        await call(routes.test, { method: "POST", id, body: { rule: ruleBody("x"), sample: { payload: {} } } }),
        await call(routes.fields, { id }),
      ];
      for (const answer of sourceAnswers) expect(answer.body.error?.code).toBe("source_not_found");
      const ruleAnswers = [
        await call(routes.get, { id }),
        await call(routes.patch, { method: "PATCH", id, body: ruleBody("x") }),
        await call(routes.remove, { method: "DELETE", id }),
        await call(routes.versions, { id }),
        await call(routes.rollback, { method: "POST", id, body: { version: 1 } }),
      ];
      for (const answer of [...sourceAnswers, ...ruleAnswers]) expect(answer.status).toBe(404);
      for (const answer of ruleAnswers) expect(answer.body.error?.code).toBe("rule_not_found");
    }
    const source = await createTestSource();
    const rule = RuleView.parse((await call(routes.create, { method: "POST", id: source.id, body: ruleBody("x") })).body.data);
    const noVersion = await call(routes.rollback, { method: "POST", id: rule.id, body: { version: 7 } });
    expect(noVersion.status).toBe(404);
    expect(noVersion.body.error).toMatchObject({ code: "rule_not_found", message: expect.stringContaining("version 7") as unknown });
    const otherEvent = await call(routes.test, { method: "POST", id: source.id, body: { rule: ruleBody("x"), sample: { eventId: randomUUID() } } });
    expect(otherEvent.status).toBe(404);
  });
});
