import { describe, expect, it } from "vitest";
import { draftErrors, draftText } from "@/components/rules/condition-draft";
import { parseConditions } from "@/lib/rules/condition-text";
import type { ConditionGroup } from "@/lib/rules/schema";

describe("draftText: what the editor holds, as the filter's text", () => {
  it("leaves out rows with no field yet, and empty groups", () => {
    const group: ConditionGroup = {
      combinator: "or",
      rules: [
        { field: "body.priority", operator: "in", value: ["high", "urgent"] },
        { field: "", operator: "=", value: "" },
        { combinator: "and", rules: [{ field: "", operator: "=", value: "" }] },
        { combinator: "and", not: true, rules: [{ field: "tags", operator: "contains", value: "test" }] },
      ],
    };
    const text = draftText(group);
    expect(text).toBe('body.priority in ("high", "urgent") or not (tags contains "test")');
    // And it reads back as the same conditions (the toggle's round trip).
    const read = parseConditions(text);
    expect(read.ok && draftText(read.conditions)).toBe(text);
    expect(draftText({ combinator: "and", rules: [{ field: "", operator: "=", value: "" }] })).toBe("");
  });
});

describe("draftErrors: each condition's problem where the editor shows it", () => {
  it("keys messages by the condition's place, and says nothing about a blank row", () => {
    const errors = draftErrors({
      combinator: "and",
      rules: [
        { field: "", operator: "=", value: "" },
        { field: "body.subject", operator: "contains", value: "" },
        { combinator: "or", rules: [{ field: "ticket.id", operator: "=", value: "1" }] },
      ],
    });
    expect(errors).toEqual({
      "conditions.rules.1.value": "Enter some text to search for",
      "conditions.rules.2.rules.0.field": expect.stringContaining('Unknown field "ticket.id"') as unknown,
    });
  });
});
