import { describe, expect, it } from "vitest";
import { compileConditionTree, compileConditions, compileRules, evaluateConditions, evaluateRules } from "./evaluate";
import type { ConditionGroup, Rule } from "./schema";
import { ruleSchema } from "./schema";
import { and, cond, makeCtx, not, or, rule } from "@/lib/testing/rule-fixtures";

describe("condition groups", () => {
  // event.type = "ticket.created"
  //   AND ( priority = "high"
  //         OR NOT ( tier = "free" AND amount < 100 ) )
  const tree: ConditionGroup = and(
    cond("event.type", "=", "ticket.created"),
    or(cond("body.priority", "=", "high"), not(and(cond("body.tier", "=", "free"), cond("body.amount", "<", 100)))),
  );

  it.each([
    ["ticket.created", { priority: "high", tier: "free", amount: 5 }, true],
    ["ticket.created", { priority: "low", tier: "free", amount: 5 }, false],
    ["ticket.created", { priority: "low", tier: "free", amount: 500 }, true],
    ["ticket.created", { priority: "low", tier: "pro", amount: 5 }, true],
    ["ticket.created", { priority: "low" }, true], // tier missing → inner AND false → NOT true
    ["ticket.created", null, true],
    ["ticket.updated", { priority: "high" }, false],
  ])("type=%s body=%j → %s", (type, body, expected) => {
    const ctx = makeCtx(body, { type });
    expect(compileConditions(tree)(ctx)).toBe(expected);
    const { matched, trace } = evaluateConditions(tree, ctx);
    expect(matched).toBe(expected);
    expect(trace.passed).toBe(expected);
  });

  it("mirrors the tree in the trace, evaluating every condition", () => {
    const ctx = makeCtx({ priority: "high", tier: "free", amount: 5 }, { type: "ticket.updated" });
    const { trace } = evaluateConditions({ ...tree, id: "root" }, ctx);
    expect(trace).toEqual({
      kind: "group",
      id: "root",
      combinator: "and",
      not: false,
      passed: false,
      rules: [
        {
          kind: "condition",
          field: "event.type",
          operator: "=",
          expected: "ticket.created",
          actual: "ticket.updated",
          actualType: "string",
          passed: false,
        },
        {
          kind: "group",
          combinator: "or",
          not: false,
          passed: true,
          rules: [
            {
              kind: "condition",
              field: "body.priority",
              operator: "=",
              expected: "high",
              actual: "high",
              actualType: "string",
              passed: true,
            },
            {
              kind: "group",
              combinator: "and",
              not: true,
              passed: false,
              rules: [
                {
                  kind: "condition",
                  field: "body.tier",
                  operator: "=",
                  expected: "free",
                  actual: "free",
                  actualType: "string",
                  passed: true,
                },
                {
                  kind: "condition",
                  field: "body.amount",
                  operator: "<",
                  expected: 100,
                  actual: 5,
                  actualType: "number",
                  passed: true,
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it("notes missing fields and type mismatches, and truncates long actual values", () => {
    const long = "x".repeat(1000);
    const ctx = makeCtx({ long, obj: { a: long }, n: 5 });
    const { trace } = evaluateConditions(
      and(
        cond("body.nope", "=", "x"),
        cond("body.long", "=", "x"),
        cond("body.obj", ">", 1),
        cond("body.n", ">", "2024-01-01"),
      ),
      ctx,
    );
    const [missing, str, obj, mixed] = trace.rules;
    expect(missing).toMatchObject({
      actualType: "missing",
      passed: false,
      note: expect.stringMatching(/not present/) as unknown,
    });
    expect(missing).not.toHaveProperty("actual", expect.anything());
    expect(str).toMatchObject({ actualType: "string", truncated: true });
    expect((str as { actual: string }).actual).toHaveLength(201);
    expect(obj).toMatchObject({
      actualType: "object",
      truncated: true,
      note: expect.stringMatching(/not a number or date/) as unknown,
    });
    expect(mixed).toMatchObject({ note: "cannot compare a number with a date" });
  });

  it.each([
    ["empty and", { combinator: "and", rules: [] }, true],
    ["empty or", { combinator: "or", rules: [] }, true],
    ["empty not", { combinator: "and", not: true, rules: [] }, false],
    ["not on root", not(and(cond("body.a", "=", 1))), false],
    ["disabled child skipped", and(cond("body.a", "=", 1), { ...cond("body.a", "=", 2), disabled: true }), true],
    ["all children disabled", or({ ...cond("body.a", "=", 2), disabled: true }), true],
    [
      "disabled subgroup skipped",
      and(cond("body.a", "=", 1), { ...and(cond("body.a", "=", 2)), disabled: true }),
      true,
    ],
    ["or with one match", or(cond("body.a", "=", 2), cond("body.a", "=", 1)), true],
    ["malformed child is false", and({ nonsense: true } as never), false],
    ["malformed group is false", and({ combinator: "xor", rules: [] } as never), false],
    ["malformed group rules", { combinator: "and", rules: "nope" } as never, false],
  ] as Array<[string, ConditionGroup, boolean]>)("%s → %s", (_name, group, expected) => {
    const ctx = makeCtx({ a: 1 });
    expect(compileConditions(group)(ctx)).toBe(expected);
    expect(evaluateConditions(group, ctx).matched).toBe(expected);
  });

  it("marks disabled nodes as skipped in the trace", () => {
    const { trace } = evaluateConditions(
      and(cond("body.a", "=", 1), { ...cond("body.a", "=", 2), disabled: true }),
      makeCtx({ a: 1 }),
    );
    expect(trace.rules[1]).toMatchObject({ skipped: true, passed: false });
    expect(trace.passed).toBe(true);
  });

  it("never throws on garbage input", () => {
    for (const g of [undefined, null, 5, "x", [], { rules: [null, 1, "x", { rules: {} }] }]) {
      expect(() => compileConditions(g as never)(makeCtx({}))).not.toThrow();
      expect(() => evaluateConditions(g as never, makeCtx({}))).not.toThrow();
    }
  });

  it("compiles once and evaluates many contexts", () => {
    const compiled = compileConditionTree(and(cond("body.n", ">=", 10)));
    const results = [5, 10, 15].map((n) => compiled.test(makeCtx({ n })));
    expect(results).toEqual([false, true, true]);
    expect(compiled.trace(makeCtx({ n: 15 })).matched).toBe(true);
  });
});

describe("rule chain", () => {
  const ctx = makeCtx({ priority: "high", subject: 'Printer "on fire"\nsend help', team: "ops", amount: 42 });

  it("makes tags and routing from earlier rules visible to later rules", () => {
    const rules: Rule[] = [
      rule("r1", and(cond("body.priority", "=", "high")), [
        { type: "addTags", tags: ["urgent", "urgent", "support"] },
        { type: "setRouting", fields: { team: "{{ body.team }}", label: "p-{{ body.priority }}" } },
      ]),
      rule("r2", and(cond("tags", "contains", "urgent"), cond("routing.team", "=", "ops")), [
        {
          type: "forward",
          destinationIds: ["pager"],
          body: { mode: "template", template: '{"team": "{{ routing.team }}", "tags": {{ tags }}}' },
        },
      ]),
      rule("r3", and(cond("routing.label", "=", "p-high")), [{ type: "addTags", tags: ["support", "seen"] }]),
    ];
    const result = evaluateRules(rules, ctx);
    expect(result.outcome).toBe("routed");
    expect(result.tags).toEqual(["urgent", "support", "seen"]);
    expect(result.routing).toEqual({ team: "ops", label: "p-high" });
    expect(result.forwards).toEqual([
      {
        ruleId: "r2",
        ruleVersion: null,
        destinationId: "pager",
        body: { mode: "template", rendered: '{"team": "ops", "tags": ["urgent","support"]}' },
      },
    ]);
    expect(result.trace.map((t) => t.matched)).toEqual([true, true, true]);
  });

  it("stops after a rule with `stop`, still running that rule's actions", () => {
    const rules: Rule[] = [
      rule("r1", and(), [{ type: "addTags", tags: ["a"] }, { type: "stop" }]),
      rule("r2", and(), [{ type: "addTags", tags: ["b"] }]),
    ];
    const result = evaluateRules(rules, ctx);
    expect(result.outcome).toBe("routed");
    expect(result.tags).toEqual(["a"]);
    expect(result.trace[0]).toMatchObject({ matched: true, stopped: true });
    expect(result.trace[1]).toEqual({
      ruleId: "r2",
      ruleName: "Rule r2",
      ruleVersion: null,
      enabled: true,
      matched: false,
      skipped: "notReached",
      actionsRun: [],
    });
  });

  it("`stop` in a rule that does not match has no effect", () => {
    const rules: Rule[] = [
      rule("r1", and(cond("body.priority", "=", "low")), [{ type: "stop" }]),
      rule("r2", and(), [{ type: "forward", destinationIds: ["d"] }]),
    ];
    const result = evaluateRules(rules, ctx);
    expect(result.forwards.map((f) => f.destinationId)).toEqual(["d"]);
    expect(result.trace[0]).toMatchObject({ matched: false, actionsRun: [] });
    expect(result.trace[0]).not.toHaveProperty("stopped");
  });

  it("`ignore` ends the chain, marks the outcome ignored and drops forwards", () => {
    const rules: Rule[] = [
      rule("r1", and(), [
        { type: "forward", destinationIds: ["d1"] },
        { type: "addTags", tags: ["seen"] },
      ]),
      rule("r2", and(cond("body.priority", "=", "high")), [{ type: "ignore" }]),
      rule("r3", and(), [{ type: "forward", destinationIds: ["d3"] }]),
    ];
    const result = evaluateRules(rules, ctx);
    expect(result.outcome).toBe("ignored");
    expect(result.forwards).toEqual([]);
    expect(result.tags).toEqual(["seen"]);
    expect(result.trace[0]!.actionsRun).toContainEqual({
      type: "forward",
      destinationIds: ["d1"],
      bodyMode: "original",
    });
    expect(result.trace[1]).toMatchObject({
      matched: true,
      stopped: true,
      ignored: true,
      actionsRun: [{ type: "ignore" }],
    });
    expect(result.trace[2]).toMatchObject({ skipped: "notReached" });
  });

  it("skips disabled rules", () => {
    const rules: Rule[] = [
      rule("r1", and(), [{ type: "ignore" }], { enabled: false, version: 2 }),
      rule("r2", and(cond("body.priority", "=", "high")), [{ type: "forward", destinationIds: ["d"] }], { version: 7 }),
    ];
    const result = evaluateRules(rules, ctx);
    expect(result.outcome).toBe("routed");
    expect(result.forwards).toEqual([{ ruleId: "r2", ruleVersion: 7, destinationId: "d", body: { mode: "original" } }]);
    expect(result.trace[0]).toEqual({
      ruleId: "r1",
      ruleName: "Rule r1",
      ruleVersion: 2,
      enabled: false,
      matched: false,
      skipped: "disabled",
      actionsRun: [],
    });
  });

  it("reports unmatched when no enabled rule matches, routed when one matches without forwarding", () => {
    const none = evaluateRules(
      [rule("r1", and(cond("body.priority", "=", "low")), [{ type: "forward", destinationIds: ["d"] }])],
      ctx,
    );
    expect(none).toMatchObject({ outcome: "unmatched", tags: [], routing: {}, forwards: [] });
    expect(evaluateRules([], ctx).outcome).toBe("unmatched");
    const tagOnly = evaluateRules([rule("r1", and(), [{ type: "addTags", tags: ["x"] }])], ctx);
    expect(tagOnly).toMatchObject({ outcome: "routed", forwards: [] });
  });

  it("forwards to each destination at most once per run", () => {
    const rules: Rule[] = [
      rule("r1", and(), [{ type: "forward", destinationIds: ["a", "b", "a"] }]),
      rule("r2", and(), [
        { type: "forward", destinationIds: ["b", "c"], body: { mode: "template", template: '{"x": 1}' } },
      ]),
    ];
    const result = evaluateRules(rules, ctx);
    expect(result.forwards.map((f) => [f.ruleId, f.destinationId, f.body.mode])).toEqual([
      ["r1", "a", "original"],
      ["r1", "b", "original"],
      ["r2", "c", "template"],
    ]);
    expect(result.trace[1]!.actionsRun[0]).toMatchObject({ skippedDuplicates: ["b"] });
  });

  it("renders forward templates as valid JSON with awkward values", () => {
    const rules: Rule[] = [
      rule("r1", and(), [
        {
          type: "forward",
          destinationIds: ["slack"],
          body: {
            mode: "template",
            template:
              '{"text": "{{ body.subject }}", "line": "[{{ body.priority }}] {{ body.subject }}", "amount": {{ body.amount }}, "missing": "{{ body.nope }}"}',
          },
        },
      ]),
    ];
    const [forward] = evaluateRules(rules, ctx).forwards;
    expect(forward?.body.mode).toBe("template");
    const rendered = (forward!.body as { rendered: string }).rendered;
    expect(JSON.parse(rendered)).toEqual({
      text: 'Printer "on fire"\nsend help',
      line: '[high] Printer "on fire"\nsend help',
      amount: 42,
      missing: null,
    });
  });

  it("renders missing routing template fields as empty strings", () => {
    const result = evaluateRules(
      [rule("r1", and(), [{ type: "setRouting", fields: { team: "{{ body.nope }}" } }])],
      ctx,
    );
    expect(result.routing).toEqual({ team: "" });
  });

  it("starts from routing and tags given in the context", () => {
    const c = makeCtx({}, {}, { routing: { team: "sales" }, tags: ["pre"] });
    const result = evaluateRules(
      [rule("r1", and(cond("routing.team", "=", "sales")), [{ type: "addTags", tags: ["x"] }])],
      c,
    );
    expect(result).toMatchObject({ outcome: "routed", tags: ["pre", "x"], routing: { team: "sales" } });
  });

  it("produces the same outcome with and without traces", () => {
    const rules: Rule[] = [
      rule("r1", and(cond("body.amount", "between", "10, 50")), [{ type: "setRouting", fields: { size: "m" } }]),
      rule("r2", or(cond("routing.size", "=", "l"), cond("headers.x-signature", "beginsWith", "ABC")), [
        { type: "forward", destinationIds: ["d"] },
        { type: "stop" },
      ]),
      rule("r3", and(), [{ type: "addTags", tags: ["late"] }]),
    ];
    const run = compileRules(rules);
    const traced = run(ctx);
    const fast = run(ctx, { trace: false });
    expect(fast.trace).toEqual([]);
    expect({ ...fast, trace: undefined }).toEqual({ ...traced, trace: undefined });
    expect(traced.trace).toHaveLength(3);
  });

  it("has the documented trace shape", () => {
    const r = rule(
      "r1",
      and({ id: "c1", ...cond("body.priority", "=", "high") }),
      [
        { type: "addTags", tags: ["t"] },
        { type: "setRouting", fields: { team: "{{ body.team }}" } },
        { type: "forward", destinationIds: ["d"], body: { mode: "template", template: '{"a": "{{ body.team }}"}' } },
      ],
      { version: 4, name: "High priority" },
    );
    expect(ruleSchema.safeParse(r).success).toBe(true);
    expect(evaluateRules([r], ctx).trace).toEqual([
      {
        ruleId: "r1",
        ruleName: "High priority",
        ruleVersion: 4,
        enabled: true,
        matched: true,
        conditions: {
          kind: "group",
          combinator: "and",
          not: false,
          passed: true,
          rules: [
            {
              kind: "condition",
              id: "c1",
              field: "body.priority",
              operator: "=",
              expected: "high",
              actual: "high",
              actualType: "string",
              passed: true,
            },
          ],
        },
        actionsRun: [
          { type: "addTags", tags: ["t"] },
          { type: "setRouting", fields: { team: "ops" } },
          { type: "forward", destinationIds: ["d"], bodyMode: "template" },
        ],
      },
    ]);
  });

  it("survives malformed rules without throwing", () => {
    const junk = [
      null,
      {},
      { id: "x", enabled: true, conditions: null, actions: [{ type: "boom" }, null] },
    ] as unknown as Rule[];
    const result = evaluateRules(junk, ctx);
    expect(result.outcome).toBe("unmatched");
    expect(result.trace).toHaveLength(3);
  });
});

describe("array elements by key", () => {
  // A Zendesk trigger: the custom field 360001 holds the request kind, wherever it sits in the array.
  const refund = { ticket: { custom_fields: [{ id: 360005, value: "x" }, { id: 360001, value: "refund" }] } };
  const other = { ticket: { custom_fields: [{ id: 360001, value: "question" }] } };
  const tree = and(cond("body.ticket.custom_fields[id=360001].value", "=", "refund"));

  it("matches by the element's id, not its position", () => {
    expect(compileConditions(tree)(makeCtx(refund))).toBe(true);
    expect(compileConditions(tree)(makeCtx(other))).toBe(false);
    expect(compileConditions(tree)(makeCtx({ ticket: {} }))).toBe(false);
  });

  it("traces the value it found", () => {
    const { trace } = evaluateConditions(tree, makeCtx(refund));
    expect(trace.rules[0]).toMatchObject({ field: "body.ticket.custom_fields[id=360001].value", actual: "refund", passed: true });
  });

  it("is accepted by the rule schema, and a bad match is refused with a message", () => {
    expect(ruleSchema.safeParse(rule("r", tree, [{ type: "addTags", tags: ["refund"] }])).success).toBe(true);
    const bad = ruleSchema.safeParse(rule("r", and(cond("body.custom_fields[id=].value", "=", "x")), [{ type: "addTags", tags: ["x"] }]));
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain("needs a value");
  });
});
