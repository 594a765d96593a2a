import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { backtestRule } from "@/lib/rules/backtest";
import { createRule } from "@/lib/rules/create-rule";
import { compileConditions } from "@/lib/rules/evaluate";
import type { ConditionGroup } from "@/lib/rules/schema";
import { createTestSource, TEST_ACTOR } from "@/lib/testing/factories";

afterAll(() => disconnectDb());

const subjects = ["Printer on fire", "Password reset", "FIRE drill", "Invoice question", "Server fire!"];
const priorities = ["high", "low", "urgent", null];

async function seed(sourceId: string, count: number) {
  const payloads = Array.from({ length: count }, (_, i) => ({
    ticket: { subject: subjects[i % subjects.length], priority: priorities[i % priorities.length], tags: i % 3 === 0 ? ["vip"] : [] },
    items: [{ qty: i }],
  }));
  await db().event.createMany({
    data: payloads.map((payload, i) => ({
      sourceId,
      method: "POST",
      headers: { "x-team": i % 2 ? "billing" : "support" },
      body: Buffer.from(JSON.stringify(payload)),
      bodySize: 1,
      payload,
      eventType: i % 5 === 0 ? "ticket.updated" : "ticket.created",
      receivedAt: new Date(Date.now() - i * 1000),
    })),
  });
  return payloads;
}

describe("backtestRule", () => {
  it("matches exactly what evaluating the full events would, and compares with the saved rule", async () => {
    const source = await createTestSource();
    await seed(source.id, 60);
    const saved = await createRule({
      sourceId: source.id,
      actor: TEST_ACTOR,
      input: { name: "High", conditions: { combinator: "and", rules: [{ field: "body.ticket.priority", operator: "=", value: "high" }] }, actions: [{ type: "addTags", tags: ["x"] }] },
    });
    const draft: ConditionGroup = {
      combinator: "and",
      rules: [
        { field: "body.ticket.priority", operator: "in", value: ["high", "urgent"] },
        { field: "body.ticket.subject", operator: "contains", value: "fire" },
        { combinator: "or", rules: [{ field: "headers.x-team", operator: "=", value: "support" }, { field: "body.items[0].qty", operator: ">", value: 40 }] },
        { field: "event.type", operator: "!=", value: "ticket.updated" },
        { field: "body.ticket.missing", operator: "missing" },
      ],
    };

    const result = await backtestRule({ sourceId: source.id, input: { conditions: draft, ruleId: saved!.id, limit: 1000 } });

    // The reference: the same conditions over the complete stored events.
    const events = await db().event.findMany({ where: { sourceId: source.id } });
    const full = (conditions: ConditionGroup) =>
      new Set(
        events
          .filter((event) =>
            compileConditions(conditions)({
              event: { id: event.id, type: event.eventType, method: event.method, headers: event.headers as Record<string, string>, body: event.payload },
              source: { id: source.id, name: source.name },
            }),
          )
          .map((event) => event.id),
      );
    const expected = full(draft);
    const before = full(saved!.conditions);
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(60);
    expect(result).toMatchObject({ evaluated: 60, matched: expected.size });
    for (const example of result!.matchedExamples) expect(expected.has(example.eventId)).toBe(true);
    for (const example of result!.unmatchedExamples) expect(expected.has(example.eventId)).toBe(false);
    expect(result!.comparison).toMatchObject({
      savedMatched: before.size,
      newlyMatched: [...expected].filter((id) => !before.has(id)).length,
      noLongerMatched: [...before].filter((id) => !expected.has(id)).length,
    });
  });

  it("reads paths of array, scalar and null payloads as they are stored", async () => {
    const source = await createTestSource();
    const payloads = [[{ kind: "a" }], [{ kind: "b" }], "plain", null, { kind: "a" }];
    await db().event.createMany({
      data: payloads.map((payload, i) => ({
        sourceId: source.id,
        method: "POST",
        headers: {},
        body: Buffer.from(JSON.stringify(payload)),
        bodySize: 1,
        payload: payload === null ? Prisma.DbNull : payload,
        receivedAt: new Date(Date.now() - i * 1000),
      })),
    });
    const matches = (conditions: ConditionGroup) => backtestRule({ sourceId: source.id, input: { conditions, limit: 10 } });
    expect(await matches({ combinator: "and", rules: [{ field: "body[0].kind", operator: "=", value: "a" }] })).toMatchObject({ evaluated: 5, matched: 1 });
    // An array payload has no element [1] (a rewrite that appended to it would invent one).
    expect(await matches({ combinator: "and", rules: [{ field: "body[1]", operator: "exists" }] })).toMatchObject({ matched: 0 });
    expect(await matches({ combinator: "and", rules: [{ field: "body.kind", operator: "=", value: "a" }] })).toMatchObject({ matched: 1 });
  });

  it("looks only at the last N events", async () => {
    const source = await createTestSource();
    await seed(source.id, 30);
    const result = await backtestRule({ sourceId: source.id, input: { conditions: { combinator: "and", rules: [] }, limit: 10 } });
    expect(result).toMatchObject({ evaluated: 10, matched: 10, comparison: null });
  });
});
