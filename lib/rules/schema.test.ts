import { describe, expect, it } from "vitest";
import {
  actionSchema,
  conditionGroupSchema,
  conditionSchema,
  ruleSchema,
  rulesSchema,
  type ConditionGroup,
} from "./schema";
import { RULE_LIMITS } from "./limits";
import { and, cond, rule } from "@/lib/testing/rule-fixtures";

function issues(result: { success: boolean; error?: { issues: Array<{ message: string; path: PropertyKey[] }> } }) {
  return (result.error?.issues ?? []).map((i) => ({ message: i.message, path: i.path.join(".") }));
}

function nest(depth: number): ConditionGroup {
  let g: ConditionGroup = and(cond("body.a", "exists"));
  for (let i = 1; i < depth; i++) g = and(g);
  return g;
}

const validRule = rule(
  "r1",
  and(cond("event.type", "=", "ticket.created"), {
    combinator: "or",
    not: true,
    rules: [cond("body.priority", "in", "low, normal")],
  }),
  [
    { type: "addTags", tags: ["support"] },
    { type: "setRouting", fields: { team: "{{ body.team }}", region: "eu" } },
    {
      type: "forward",
      destinationIds: ["dst_1"],
      body: { mode: "template", template: '{"text": "{{ body.subject }}"}' },
    },
    { type: "stop" },
  ],
  { version: 3 },
);

describe("conditionSchema", () => {
  it.each([
    [cond("body.a", "=", "x")],
    [cond("body.a", "=", "")],
    [cond("body.a", "=", 5)],
    [cond("body.a", "=", false)],
    [cond("body.a", "=", null)],
    [cond("body.items[0].sku", "contains", "x")],
    [cond("body.a", "matches", "^(?i)foo\\d+$")],
    [cond("body.a", "in", ["a", 1, true, null])],
    [cond("body.a", "in", "a, b")],
    [cond("body.a", "exists", "")],
    [cond("body.a", "missing")],
    [cond("body.a", ">", "10")],
    [cond("body.a", "<=", "2024-05-01T00:00:00Z")],
    [cond("body.a", "between", "1,5")],
    [cond("body.a", "notBetween", ["2024-01-01", "2024-02-01"])],
    [{ id: "c1", field: "headers.x-github-event", operator: "=", value: "push", valueSource: "value" }],
  ])("accepts %j", (c) => {
    expect(issues(conditionSchema.safeParse(c))).toEqual([]);
  });

  it.each([
    [cond("body.a", "matches", "(unclosed"), "value", /Invalid regular expression/],
    [cond("body.a", "matches", "a".repeat(RULE_LIMITS.maxRegexLength + 1)), "value", /too long/],
    [cond("body.a", "matches", ""), "value", /Enter a regular expression/],
    [cond("body.a", "contains", ""), "value", /Enter some text/],
    [cond("body.a", "=", undefined), "value", /Enter a value/],
    [cond("body.a", "=", { x: 1 }), "value", /not an object/],
    [cond("body.a", "in", ""), "value", /at least one value/],
    [
      cond(
        "body.a",
        "in",
        Array.from({ length: 1001 }, (_, i) => i),
      ),
      "value",
      /Too many values \(maximum 1000\)/,
    ],
    [cond("body.a", "in", [["nested"]]), "value", /Item 1/],
    [cond("body.a", ">", "abc"), "value", /number or an ISO-8601 date/],
    [cond("body.a", "between", "5"), "value", /two values/],
    [cond("body.a", "between", [1, "2024-01-01"]), "value", /both must be dates/],
    [cond("nonsense", "=", "x"), "field", /Unknown field "nonsense"/],
    [cond("body.a..b", "=", "x"), "field", /Invalid body path/],
    [cond("body.a[x]", "=", "x"), "field", /non-negative integer/],
    [cond("event.foo", "=", "x"), "field", /Unknown event field/],
    [cond("", "=", "x"), "field", /Choose a field/],
    [{ field: "body.a", operator: "like", value: "x" }, "operator", /Unknown operator "like"/],
    [{ field: "body.a", operator: "=", value: "x", valueSource: "field" }, "valueSource", /not supported/],
  ])("rejects %j at %s", (c, path, message) => {
    const found = issues(conditionSchema.safeParse(c));
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) as unknown });
  });
});

describe("conditionGroupSchema", () => {
  it("accepts react-querybuilder output and strips its bookkeeping keys", () => {
    const fromBuilder = {
      id: "root",
      combinator: "and",
      not: false,
      path: [],
      rules: [
        { id: "r-1", path: [0], field: "body.a", operator: "=", value: "1", valueSource: "value" },
        {
          id: "g-1",
          path: [1],
          combinator: "or",
          muted: false,
          rules: [{ id: "r-2", field: "tags", operator: "contains", value: "vip", disabled: true }],
        },
      ],
    };
    const parsed = conditionGroupSchema.parse(fromBuilder);
    expect(parsed).toEqual({
      id: "root",
      combinator: "and",
      not: false,
      rules: [
        { id: "r-1", field: "body.a", operator: "=", value: "1", valueSource: "value" },
        {
          id: "g-1",
          combinator: "or",
          rules: [{ id: "r-2", field: "tags", operator: "contains", value: "vip", disabled: true }],
        },
      ],
    });
  });

  it("reports nested errors at their path, without union noise", () => {
    const found = issues(
      conditionGroupSchema.safeParse(
        and(cond("body.a", "=", "x"), and(cond("body.b", "matches", "(")), { combinator: "xor", rules: [] } as never),
      ),
    );
    expect(found).toEqual([
      { path: "rules.1.rules.0.value", message: expect.stringMatching(/Invalid regular expression/) as unknown },
      { path: "rules.2.combinator", message: 'Combinator must be "and" or "or"' },
    ]);
  });

  it("allows depth 8 and rejects depth 9", () => {
    expect(conditionGroupSchema.safeParse(nest(RULE_LIMITS.maxDepth)).success).toBe(true);
    const found = issues(conditionGroupSchema.safeParse(nest(RULE_LIMITS.maxDepth + 1)));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/nested too deeply \(maximum depth 8\)/);
  });

  it("rejects pathological nesting without overflowing the stack", () => {
    expect(conditionGroupSchema.safeParse(nest(50_000)).success).toBe(false);
  });

  it("allows 200 conditions and rejects 201", () => {
    const many = (n: number) => and(...Array.from({ length: n }, (_, i) => cond(`body.f${i}`, "exists")));
    expect(conditionGroupSchema.safeParse(many(200)).success).toBe(true);
    expect(issues(conditionGroupSchema.safeParse(many(201)))).toEqual([
      { path: "rules", message: "Too many conditions: 201 (maximum 200)" },
    ]);
  });

  it("rejects a non-group", () => {
    expect(issues(conditionGroupSchema.safeParse(cond("body.a", "exists")))).toEqual([
      { path: "", message: "Conditions must be a group with a combinator and rules" },
    ]);
    expect(conditionGroupSchema.safeParse(null).success).toBe(false);
  });

  it("accepts an empty group (catch-all)", () => {
    expect(conditionGroupSchema.safeParse({ combinator: "and", rules: [] }).success).toBe(true);
  });
});

describe("actionSchema", () => {
  it.each([
    [{ type: "forward", destinationIds: ["d"] }],
    [{ type: "forward", destinationIds: ["d"], body: { mode: "original" } }],
    [
      {
        type: "forward",
        destinationIds: ["d"],
        body: { mode: "template", template: '{"a": {{ body.n }}, "b": "x {{ routing.team }}"}' },
      },
    ],
    [{ type: "addTags", tags: ["a", "b"] }],
    [{ type: "setRouting", fields: { team: "{{ body.team }}", "on-call_2": "x" } }],
    [{ type: "stop" }],
    [{ type: "ignore" }],
  ])("accepts %j", (a) => {
    expect(issues(actionSchema.safeParse(a))).toEqual([]);
  });

  it.each([
    [{ type: "explode" }, "type", /Action type must be one of/],
    [{ type: "forward", destinationIds: [] }, "destinationIds", /at least one destination/],
    [
      { type: "forward", destinationIds: ["d"], body: { mode: "template", template: '{"a": }' } },
      "body.template",
      /not valid JSON/,
    ],
    [
      { type: "forward", destinationIds: ["d"], body: { mode: "template", template: '{"a": "{{ nonsense }}"}' } },
      "body.template",
      /Unknown field/,
    ],
    [{ type: "forward", destinationIds: ["d"], body: { mode: "raw" } }, "body.mode", /"original" or "template"/],
    [{ type: "addTags", tags: [] }, "tags", /at least one tag/],
    [{ type: "addTags", tags: ["  "] }, "tags.0", /cannot be empty/],
    [{ type: "setRouting", fields: {} }, "fields", /at least one routing field/],
    [{ type: "setRouting", fields: { "bad key": "x" } }, "fields.bad key", /letters, digits/],
    [{ type: "setRouting", fields: { team: "{{ body. }}" } }, "fields.team", /Empty path segment/],
  ])("rejects %j at %s", (a, path, message) => {
    expect(issues(actionSchema.safeParse(a))).toContainEqual({
      path,
      message: expect.stringMatching(message) as unknown,
    });
  });
});

describe("ruleSchema", () => {
  it("accepts a complete rule and keeps its shape", () => {
    const parsed = ruleSchema.parse(validRule);
    expect(parsed).toEqual(validRule);
  });

  it.each([
    [{ ...validRule, name: "  " }, "name", /Name is required/],
    [{ ...validRule, actions: [] }, "actions", /at least one action/],
    [
      { ...validRule, actions: [{ type: "stop" }, { type: "addTags", tags: ["x"] }] },
      "actions.0",
      /must be the last action/,
    ],
    [
      { ...validRule, actions: [{ type: "forward", destinationIds: ["d"] }, { type: "ignore" }] },
      "actions.1",
      /cannot also forward/,
    ],
    [{ ...validRule, version: -1 }, "version", /.+/],
    [
      { ...validRule, conditions: nest(9) },
      "conditions.rules.0.rules.0.rules.0.rules.0.rules.0.rules.0.rules.0.rules.0",
      /too deeply/,
    ],
  ])("rejects invalid rule #%#", (r, path, message) => {
    expect(issues(ruleSchema.safeParse(r))).toContainEqual({
      path,
      message: expect.stringMatching(message) as unknown,
    });
  });

  it("rulesSchema rejects duplicate ids", () => {
    expect(issues(rulesSchema.safeParse([validRule, validRule]))).toEqual([
      { path: "1.id", message: 'Duplicate rule id "r1"' },
    ]);
  });
});
