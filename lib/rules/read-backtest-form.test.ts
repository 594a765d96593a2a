import { describe, expect, it } from "vitest";
import { readBacktestForm } from "@/lib/rules/read-backtest-form";

const CONDITIONS = { combinator: "and", rules: [{ field: "event.type", operator: "=", value: "ticket.created" }] };
const RULE_ID = "7d0c4c1e-2f4b-4d8e-9a43-1f7f8d5b2c10";

describe("readBacktestForm", () => {
  it.each([
    {
      case: "the draft's conditions over 1000 events",
      limit: 1000,
      ruleId: null,
      input: { conditions: CONDITIONS, limit: 1000 },
    },
    {
      case: "compared with the saved rule",
      limit: 50,
      ruleId: RULE_ID,
      input: { conditions: CONDITIONS, limit: 50, ruleId: RULE_ID },
    },
  ])("reads $case", ({ limit, ruleId, input }) => {
    expect(readBacktestForm({ conditions: CONDITIONS, limit, ruleId })).toMatchObject({ ok: true, input });
  });

  it.each([
    {
      case: "too many events, said as such",
      conditions: CONDITIONS,
      limit: 100_001,
      read: {
        ok: false,
        message: expect.stringMatching(/^Number of events: /) as unknown,
        fieldErrors: { limit: expect.any(String) as unknown },
      },
    },
    {
      case: "incomplete conditions",
      conditions: { combinator: "and", rules: [{ field: "", operator: "=", value: "x" }] },
      limit: 10,
      read: {
        ok: false,
        message: "Complete the highlighted conditions to run a backtest.",
        fieldErrors: { "conditions.rules.0.field": "Choose a field" },
      },
    },
  ])("refuses $case", ({ conditions, limit, read }) => {
    expect(readBacktestForm({ conditions, limit, ruleId: null })).toStrictEqual(read);
  });
});
