// What the server's HTML holds before React hydrates the page: controls that only script can act on
// are disabled (a click then would be lost without a word, and a form sent natively would put its
// fields in the URL); a server action's submit, which works without script, is not.
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button } from "@/components/ui/button";
import { DisabledUntilHydrated } from "@/components/ui/disabled-until-hydrated";
import { ScriptButton } from "@/components/ui/script-button";
import { ScriptForm } from "@/components/ui/script-form";

const isDisabled = (html: string, text: string) => {
  const button = [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].find(([, , inner]) => inner === text);
  if (!button) throw new Error(`no button "${text}" in ${html}`);
  return / disabled=""/.test(button[1]!);
};

const html = (element: ReactElement) => renderToString(element);

describe("before hydration", () => {
  it("a Button with an onClick is disabled, one without is not", () => {
    const rendered = html(createElement("div", null, createElement(Button, { onClick: () => {} }, "Act"), createElement(Button, null, "Plain")));
    expect(isDisabled(rendered, "Act")).toBe(true);
    expect(isDisabled(rendered, "Plain")).toBe(false);
  });

  it("a ScriptForm posts, and its submit is disabled; a submit outside one (a server action's) is not", () => {
    const rendered = html(
      createElement(
        "div",
        null,
        createElement(ScriptForm, { onSubmit: () => {} }, createElement("input", { name: "password" }), createElement(Button, { type: "submit" }, "Sign in")),
        createElement("form", { action: "/elsewhere" }, createElement(Button, { type: "submit" }, "Save")),
      ),
    );
    expect(rendered).toMatch(/<form method="post">/);
    expect(isDisabled(rendered, "Sign in")).toBe(true);
    expect(isDisabled(rendered, "Save")).toBe(false);
  });

  it("a ScriptButton is disabled, and keeps its own disabled and type", () => {
    const rendered = html(createElement("div", null, createElement(ScriptButton, { onClick: () => {} }, "Move up")));
    expect(isDisabled(rendered, "Move up")).toBe(true);
    expect(rendered).toContain('type="button"');
  });

  it("a Button disabled by its caller stays disabled", () => {
    expect(isDisabled(html(createElement(Button, { type: "submit", disabled: true }, "Busy")), "Busy")).toBe(true);
  });

  it("the dashboard's content sits in a disabled fieldset, which refuses its fields (hydration would reset a typed value)", () => {
    const rendered = html(createElement(DisabledUntilHydrated, null, createElement("input", { id: "rule-name", value: "", onChange: () => {} })));
    expect(rendered).toMatch(/^<fieldset role="presentation" disabled="" aria-busy="true" class="min-w-0"><input id="rule-name" value=""\/><\/fieldset>$/);
  });
});
