import { describe, expect, it } from "vitest";
import { readRuleTestForm } from "@/lib/rules/read-rule-test-form";

const CONDITIONS = { combinator: "and", rules: [{ field: "event.type", operator: "=", value: "ticket.created" }] };
const TAG = { type: "addTags", tags: ["vip"] };
const PREVIEW = [{ type: "addTags", tags: ["(preview)"] }];
const SAMPLE = { payload: { ticket: { id: 1 } }, headers: {}, eventType: "ticket.created" };

describe("readRuleTestForm", () => {
  it.each([
    {
      case: "a complete draft: its actions are previewed",
      draft: { name: " VIP ", enabled: false, conditions: CONDITIONS, actions: [TAG] },
      rule: { name: "VIP", enabled: true, actions: [TAG] },
      actionsPreviewed: true,
    },
    {
      case: "no name yet: a placeholder stands in",
      draft: { name: "", enabled: true, conditions: CONDITIONS, actions: [TAG] },
      rule: { name: "Draft rule", actions: [TAG] },
      actionsPreviewed: true,
    },
    {
      case: "incomplete actions are left out",
      draft: {
        name: "VIP",
        enabled: true,
        conditions: CONDITIONS,
        actions: [TAG, { type: "forward", destinationIds: [] }],
      },
      rule: { actions: [TAG] },
      actionsPreviewed: true,
    },
    {
      case: "no complete action: conditions only",
      draft: { name: "VIP", enabled: true, conditions: CONDITIONS, actions: [{ type: "addTags", tags: [] }] },
      rule: { actions: PREVIEW },
      actionsPreviewed: false,
    },
    {
      case: "actions that break a rule-level check: conditions only",
      draft: { name: "VIP", enabled: true, conditions: CONDITIONS, actions: [{ type: "ignore" }, TAG] },
      rule: { actions: PREVIEW },
      actionsPreviewed: false,
    },
  ])("runs $case", ({ draft, rule, actionsPreviewed }) => {
    const read = readRuleTestForm({ draft, sample: SAMPLE });
    expect(read).toMatchObject({
      ok: true,
      input: { rule: { conditions: CONDITIONS, ...rule }, sample: SAMPLE },
      actionsPreviewed,
    });
  });

  it.each([
    {
      case: "incomplete conditions, keyed under conditions.",
      draft: {
        name: "A",
        enabled: true,
        conditions: { combinator: "and", rules: [{ field: "", operator: "=", value: "x" }] },
        actions: [],
      },
      sample: SAMPLE,
      read: {
        ok: false,
        message: "Complete the highlighted conditions to test the rule.",
        fieldErrors: { "conditions.rules.0.field": "Choose a field" },
      },
    },
    {
      case: "a stored event that is not an id",
      draft: { name: "A", enabled: true, conditions: CONDITIONS, actions: [TAG] },
      sample: { eventId: "not-a-uuid" },
      read: { ok: false, message: expect.any(String) as unknown, fieldErrors: {} },
    },
  ])("refuses $case", ({ draft, sample, read }) => {
    expect(readRuleTestForm({ draft, sample })).toStrictEqual(read);
  });
});
