import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { listSourceFields } from "@/lib/rules/list-source-fields";
import type { RuleInput } from "@/lib/rules/rule-input";
import { testRule } from "@/lib/rules/test-rule";
import { createTestSource } from "@/lib/testing/factories";

afterAll(() => disconnectDb());

const rule: RuleInput = {
  name: "Fire",
  conditions: {
    combinator: "and",
    rules: [
      { field: "body.priority", operator: "=", value: "high" },
      { field: "body.subject", operator: "contains", value: "fire" },
    ],
  },
  actions: [{ type: "addTags", tags: ["urgent"] }, { type: "setRouting", fields: { team: "ops" } }],
};

describe("testRule and listSourceFields", () => {
  it("explains per condition why a stored event or pasted JSON matches or not", async () => {
    const source = await createTestSource();
    const event = await db().event.create({
      data: { sourceId: source.id, method: "POST", headers: { "x-a": "1" }, body: Buffer.from("{}"), bodySize: 2, payload: { priority: "high", subject: "Invoice" }, eventType: "ticket.created" },
    });

    const stored = await testRule({ sourceId: source.id, input: { rule, sample: { eventId: event.id } } });
    expect(stored?.matched).toBe(false);
    expect(stored?.conditions.rules.map((child) => child.passed)).toEqual([true, false]);

    const pasted = await testRule({ sourceId: source.id, input: { rule, sample: { payload: { priority: "high", subject: "Server on FIRE" } } } });
    expect(pasted?.matched).toBe(true);
    expect(pasted?.run).toMatchObject({ outcome: "routed", tags: ["urgent"], routing: { team: "ops" } });

    expect(await testRule({ sourceId: source.id, input: { rule, sample: { eventId: "00000000-0000-4000-8000-000000000000" } } })).toBeNull();
  });

  it("lists the fields seen in recent events with their types and samples", async () => {
    const source = await createTestSource();
    await db().event.createMany({
      data: [{ priority: "high", n: 1 }, { priority: "low", n: 2 }].map((payload) => ({ sourceId: source.id, method: "POST", headers: { "x-team": "a" }, body: Buffer.from("{}"), bodySize: 2, payload })),
    });
    const fields = await listSourceFields({ sourceId: source.id });
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "body.priority", types: ["string"], count: 2 }),
        expect.objectContaining({ field: "body.n", types: ["number"] }),
        expect.objectContaining({ field: "headers.x-team", samples: ["a"] }),
      ]),
    );
  });
});
