import { describe, expect, it } from "vitest";
import { formatConditions, parseConditions } from "./condition-text";
import type { ConditionGroup } from "./schema";

function parsed(text: string): ConditionGroup {
  const result = parseConditions(text);
  if (!result.ok) throw new Error(`${result.message} @${result.position}`);
  return result.conditions;
}

describe("condition text form", () => {
  it("parses every operator kind into the rule builder's tree", () => {
    expect(
      parsed(
        'body.ticket.priority in ("high", urgent) and body.subject contains "Refund" and body.amount between 10 and 100',
      ),
    ).toEqual({
      combinator: "and",
      rules: [
        { field: "body.ticket.priority", operator: "in", value: ["high", "urgent"] },
        { field: "body.subject", operator: "contains", value: "Refund" },
        { field: "body.amount", operator: "between", value: [10, 100] },
      ],
    });
    expect(parsed("headers.x-test exists or body.a  does   not  begin with x")).toEqual({
      combinator: "or",
      rules: [
        { field: "headers.x-test", operator: "exists" },
        { field: "body.a", operator: "doesNotBeginWith", value: "x" },
      ],
    });
  });

  it("round-trips text → conditions → text, with nesting and not", () => {
    const canonical =
      'event.type = "ticket.created" and (tags contains "vip" or body["odd key"][0] != 5) and not (body.subject matches regex "(?i)test") and body.n is not empty';
    const tree = parsed(canonical);
    expect(formatConditions(tree)).toBe(canonical);
    expect(parsed(formatConditions(tree))).toEqual(tree);
  });

  it("formats builder values (comma text lists, disabled nodes left out)", () => {
    const text = formatConditions({
      combinator: "and",
      rules: [
        { field: "body.p", operator: "in", value: "high, a\\,b" },
        { field: "body.q", operator: "=", value: "x", disabled: true },
        { field: "body.r", operator: "notBetween", value: "1,2" },
      ],
    });
    expect(text).toBe('body.p in ("high", "a,b") and body.r not between "1" and "2"');
    expect(parsed(text).rules).toHaveLength(2);
    expect(formatConditions({ combinator: "and", rules: [] })).toBe("");
    expect(parsed("   ")).toEqual({ combinator: "and", rules: [] });
  });

  it("points at the position of what is wrong", () => {
    const cases: Array<[string, number, RegExp]> = [
      ["body.a = 1 and body.b = 2 or body.c = 3", 26, /put brackets/],
      ["body.a frobs 1", 7, /Expected an operator/],
      ["ticket.id = 1", 0, /Unknown field/],
      ['body.a = "open', 9, /not closed/],
      ["(body.a = 1", 0, /not closed with "\)"/],
      ["body.a in (1, 2", 10, /not closed/],
      ['body.a matches regex "("', 7, /regular expression/],
      ["body.a = 1 body.b = 2", 11, /Expected "and", "or"/],
      ["body.a between 1 2", 17, /"and" between/],
      ["not body.a = 1", 4, /Expected "\("/],
    ];
    for (const [text, position, message] of cases) {
      const result = parseConditions(text);
      expect(result.ok, text).toBe(false);
      if (result.ok) continue;
      expect(result.message, text).toMatch(message);
      expect(result.position, text).toBe(position);
      expect(result.message, text).toContain(`character ${position + 1}`);
    }
  });

  it("refuses hostile input with a message, never a throw", () => {
    expect(parseConditions("(".repeat(5000)).ok).toBe(false);
    expect(parseConditions("x".repeat(10_000)).ok).toBe(false);
    expect(parseConditions("(".repeat(50) + "body.a = 1" + ")".repeat(50)).ok).toBe(false);
  });
});
