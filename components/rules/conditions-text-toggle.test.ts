// The conditions' buttons in the server's HTML: disabled until React hydrates the page, so a click
// that comes first waits (Playwright, a person sees them dimmed) instead of doing nothing.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConditionsTextToggle } from "@/components/rules/conditions-text-toggle";
import type { ConditionGroup } from "@/lib/rules/schema";

const oneCondition: ConditionGroup = { combinator: "and", rules: [{ field: "event.type", operator: "=", value: "ticket.created" }] };

function serverHtml(): string {
  return renderToString(createElement(ConditionsTextToggle, { value: oneCondition, onChange: () => {}, catalogue: [], label: "Conditions" }));
}

function buttons(html: string): { text: string; disabled: boolean }[] {
  return [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map(([, attributes, inner]) => ({
    text: inner!.replace(/<[^>]+>/g, "").replace(/&[a-z]+;|<!-- -->/g, "").trim(),
    disabled: / disabled=""/.test(attributes!),
  }));
}

describe("the conditions editor before hydration", () => {
  it("renders every button disabled", () => {
    const rendered = buttons(serverHtml());
    expect(rendered.map((button) => button.text)).toEqual(expect.arrayContaining(["Editor", "Text", "+ Add condition", "+ Add group"]));
    expect(rendered.filter((button) => !button.disabled)).toEqual([]);
  });
});
