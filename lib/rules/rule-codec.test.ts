import { describe, expect, it } from "vitest";
import { StoredJsonError } from "@/lib/db-json";
import { readRuleActions, readRuleConditions, readRuleContent, writeRuleActions, writeRuleConditions } from "./rule-codec";
import type { Action, ConditionGroup } from "./schema";
import { and, cond, not, or } from "@/lib/testing/rule-fixtures";

const AT = { table: "rules", ruleId: "5f0c2a5e-0000-4000-8000-000000000001", version: 3 } as const;
// What PostgreSQL's jsonb gives back: the JSON the codec wrote, keys in its own order.
const stored = (json: unknown): unknown => JSON.parse(JSON.stringify(json));

const conditions: ConditionGroup = and(
  cond("body.priority", "in", ["high", "urgent"]),
  not(or(cond("headers.x-team", "=", "ops"), cond("body.subject", "matches", "^\\[test\\]"))),
  { id: "disabled-one", field: "event.type", operator: "exists", disabled: true },
);
const actions: Action[] = [
  { type: "forward", destinationIds: ["dest-1"], body: { mode: "template", template: '{"p": {{ body.priority }}}' } },
  { type: "addTags", tags: ["urgent"] },
  { type: "setRouting", fields: { team: "{{ headers.x-team }}" } },
  { type: "stop" },
];

describe("the rule codec", () => {
  it("reads back what it wrote", () => {
    expect(readRuleConditions(stored(writeRuleConditions(conditions)), AT)).toEqual(conditions);
    expect(readRuleActions(stored(writeRuleActions(actions)), AT)).toEqual(actions);
    expect(readRuleContent({ name: "r", conditions: stored(writeRuleConditions(conditions)), actions: stored(writeRuleActions(actions)) }, AT)).toEqual({
      name: "r",
      conditions,
      actions,
    });
  });

  it("writes JSON only: keys holding undefined are left out, as jsonb would", () => {
    const written = writeRuleConditions({ combinator: "or", not: undefined, rules: [{ field: "body.a", operator: "exists", value: undefined }] });
    expect(written).toStrictEqual({ combinator: "or", rules: [{ field: "body.a", operator: "exists" }] });
  });

  it("reads react-querybuilder's extra keys the way saving does: stripped", () => {
    const read = readRuleConditions({ combinator: "and", path: [], rules: [{ field: "body.a", operator: "=", value: 1, path: [0], muted: false }] }, AT);
    expect(read).toStrictEqual({ combinator: "and", rules: [{ field: "body.a", operator: "=", value: 1 }] });
  });

  it.each([
    ["not a group", "conditions", { field: "body.a", operator: "=" }],
    ["an unknown operator", "conditions", { combinator: "and", rules: [{ field: "body.a", operator: "≈", value: 1 }] }],
    ["a bad field", "conditions", { combinator: "and", rules: [{ field: "", operator: "exists" }] }],
    ["null", "conditions", null],
    ["an unknown action", "actions", [{ type: "teleport" }]],
    ["an object instead of a list", "actions", { type: "stop" }],
  ])("fails loudly on a stored value that does not parse (%s), naming the table, rule and version", (_case, column, json) => {
    const read = () => (column === "conditions" ? readRuleConditions(json, AT) : readRuleActions(json, AT));
    expect(read).toThrow(StoredJsonError);
    expect(read).toThrow(`rules.${column} of rule ${AT.ruleId} (version 3) does not parse`);
  });

  it("names a saved version's table", () => {
    expect(() => readRuleContent({ conditions: { combinator: "and", rules: [] }, actions: "stop" }, { ...AT, table: "rule_versions", version: 7 })).toThrow(
      /^rule_versions\.actions of rule 5f0c2a5e-0000-4000-8000-000000000001 \(version 7\) does not parse: .+was the database edited by hand\?$/,
    );
  });
});
