import { describe, expect, it } from "vitest";
import { readRuleForm } from "@/lib/rules/read-rule-form";

const CONDITIONS = { combinator: "and", rules: [{ field: "event.type", operator: "=", value: "ticket.created" }] };
const TAG = { type: "addTags", tags: ["vip"] };

describe("readRuleForm", () => {
  it.each([
    {
      case: "a complete rule; enabled by default",
      draft: { name: "VIP tickets", conditions: CONDITIONS, actions: [TAG] },
      read: { ok: true, input: { name: "VIP tickets", enabled: true, conditions: CONDITIONS, actions: [TAG] } },
    },
    {
      case: "a condition without its field, keyed by its path",
      draft: {
        name: "A",
        enabled: true,
        conditions: { combinator: "and", rules: [{ field: "", operator: "=", value: "x" }] },
        actions: [TAG],
      },
      read: { ok: false, fieldErrors: { "conditions.rules.0.field": "Choose a field" } },
    },
    {
      case: "an action without tags",
      draft: { name: "A", enabled: true, conditions: CONDITIONS, actions: [{ type: "addTags", tags: [] }] },
      read: { ok: false, fieldErrors: { "actions.0.tags": "Add at least one tag" } },
    },
    {
      case: "a rule-level check once the tree parses",
      draft: { name: "A", enabled: true, conditions: CONDITIONS, actions: [{ type: "stop" }, TAG] },
      read: {
        ok: false,
        fieldErrors: { "actions.0": '"stop" must be the last action; later actions would never run' },
      },
    },
    {
      case: "a missing name, said at once even when the tree does not parse",
      draft: {
        name: " ",
        enabled: true,
        conditions: { combinator: "and", rules: [{ field: "", operator: "=", value: "x" }] },
        actions: [TAG],
      },
      read: { ok: false, fieldErrors: { "conditions.rules.0.field": "Choose a field", name: "Name is required" } },
    },
    {
      case: "a missing name once the tree parses: the schema's message",
      draft: { name: "", enabled: true, conditions: CONDITIONS, actions: [TAG] },
      read: { ok: false, fieldErrors: { name: "Name is required" } },
    },
    {
      case: "not a rule at all",
      draft: null,
      read: { ok: false, fieldErrors: { form: expect.any(String) as unknown, name: "Name is required" } },
    },
  ])("$case", ({ draft, read }) => {
    expect(readRuleForm({ draft })).toStrictEqual(read);
  });
});
