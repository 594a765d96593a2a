import { describe, expect, it } from "vitest";
import { SUMMARY_PRESETS, summaryPresetFor } from "@/lib/summaries/presets";
import { compileSummaryTemplate, SUMMARY_LIMITS, summaryTemplateErrors, type SummaryInput } from "@/lib/summaries/summary-template";

function render(template: string, body: unknown, headers: Record<string, string> = {}): string | null {
  const compiled = compileSummaryTemplate(template);
  expect(compiled.errors).toEqual([]);
  return compiled.render({ body, headers });
}

const zendesk = summaryPresetFor("zendesk").template;

describe("provider presets", () => {
  it("names a Zendesk trigger payload", () => {
    expect(render(zendesk, { ticket: { id: 35436, subject: "Refund for Maria", priority: "high" } })).toBe("#35436 Refund for Maria · high");
  });

  it("names a Zendesk event-subscription payload (zen:event-type:ticket.created) from detail.*", () => {
    const body = { type: "zen:event-type:ticket.created", detail: { id: "35436", subject: "My printer is on fire!", priority: "URGENT" } };
    expect(render(zendesk, body)).toBe("#35436 My printer is on fire! · URGENT");
  });

  it("drops the separators around what a payload lacks", () => {
    expect(render(zendesk, { ticket: { id: 7, subject: "No priority yet" } })).toBe("#7 No priority yet");
    expect(render(zendesk, { ticket: { subject: "No id", priority: "low" } })).toBe("No id · low");
    expect(render(zendesk, { ticket: { id: 7, priority: "low" } })).toBe("#7 · low");
  });

  it("names Stripe, GitHub (from a header), Shopify, Slack and Standard Webhooks events", () => {
    expect(render(summaryPresetFor("stripe").template, { type: "charge.refunded", data: { object: { id: "ch_1" } } })).toBe("charge.refunded ch_1");
    const github = summaryPresetFor("github").template;
    expect(render(github, { issue: { number: 42 }, repository: { full_name: "octo/demo" } }, { "x-github-event": "issues" })).toBe("issues octo/demo#42");
    expect(render(github, { pull_request: { number: 9 }, repository: { full_name: "octo/demo" } }, { "x-github-event": "pull_request" })).toBe("pull_request octo/demo#9");
    // A push has no issue: no dangling "#".
    expect(render(github, { repository: { full_name: "octo/demo" } }, { "x-github-event": "push" })).toBe("push octo/demo");
    expect(render(summaryPresetFor("shopify").template, { name: "#1001", id: 5 }, { "x-shopify-topic": "orders/create" })).toBe("orders/create #1001");
    expect(render(summaryPresetFor("slack").template, { type: "event_callback", event: { type: "app_mention", channel: "C1", text: "hi" } })).toBe("app_mention C1: hi");
    expect(render(summaryPresetFor("slack").template, { type: "url_verification", challenge: "x" })).toBe("url_verification");
    expect(render(summaryPresetFor("svix").template, { type: "user.created" })).toBe("user.created");
  });

  it("renders every preset's example, and every preset is valid", () => {
    for (const preset of SUMMARY_PRESETS) {
      expect(summaryTemplateErrors(preset.template)).toEqual([]);
      expect(compileSummaryTemplate(preset.template).render(preset.example)).toMatch(/\S/);
    }
    expect(summaryPresetFor("none").id).toBe("generic");
    expect(summaryPresetFor("not-a-scheme").id).toBe("generic");
  });
});

describe("values", () => {
  it("takes a header when the body has no such field, and headers.<name> explicitly", () => {
    expect(render("{{X-Request-Kind}}", { other: 1 }, { "x-request-kind": "ping" })).toBe("ping");
    expect(render("{{kind}}", { kind: "body wins" }, { kind: "header" })).toBe("body wins");
    expect(render("{{headers.kind}}", { kind: "body" }, { kind: "header" })).toBe("header");
  });

  it("reads array elements by position and by key", () => {
    const body = { ticket: { custom_fields: [{ id: 360001, value: "refund" }, { id: 360002, value: "Maria" }] } };
    expect(render("{{ticket.custom_fields[id=360002].value}} wants a {{ticket.custom_fields[0].value}}", body)).toBe("Maria wants a refund");
  });

  it("shows text, numbers and booleans; skips objects, lists, null and empty text for the next alternative", () => {
    expect(render("{{a | b}}", { a: { nested: true }, b: "fallback" })).toBe("fallback");
    expect(render("{{a | b}}", { a: [1, 2], b: 3 })).toBe("3");
    expect(render("{{a | b}}", { a: null, b: false })).toBe("false");
    expect(render("{{a | b}}", { a: "   ", b: "x" })).toBe("x");
    expect(render("{{a}}", { a: Number.NaN })).toBeNull();
  });

  it("is null when nothing of the event is in it, and a template of plain text is that text", () => {
    expect(render("#{{id}} · {{subject}}", { other: 1 })).toBeNull();
    expect(render("{{type}}", null)).toBeNull();
    expect(render("{{type}}", "a string body")).toBeNull();
    expect(render("Heartbeat", {})).toBe("Heartbeat");
    expect(compileSummaryTemplate("").render({ body: { a: 1 }, headers: {} })).toBeNull();
  });
});

describe("hostile payloads", () => {
  it("never reads through the prototype", () => {
    for (const path of ["__proto__", "constructor", "constructor.name", "toString", "a.__proto__.polluted", "items.length"]) {
      expect(render(`{{${path}}}`, { a: {}, items: [1] })).toBeNull();
    }
    const parsed = JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown;
    expect(render("{{__proto__.polluted}}", parsed)).toBe("yes"); // an own key named __proto__ is just a key
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // Each value is cut before it is cleaned, so its size does not matter (no timing asserted here).
  it("bounds each value and the whole summary, however large the payload", () => {
    const huge = "x".repeat(5_000_000);
    const summary = render("{{a}} {{b}} {{c}}", { a: huge, b: huge, c: huge });
    expect(summary!.length).toBeLessThanOrEqual(SUMMARY_LIMITS.maxSummaryLength);
    expect(summary!.endsWith("…")).toBe(true);
  });

  it("removes control, zero-width and bidirectional characters, and folds line breaks", () => {
    expect(render("{{s}}", { s: "Re\u0000fund\r\nfor\tMaria\u202e\u200b!" })).toBe("Re fund for Maria!");
  });

  it("renders a deep or wide payload without walking it", () => {
    let deep: unknown = { id: "bottom" };
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(render("{{d.d.d}}", deep)).toBeNull();
    const wide = { items: Array.from({ length: 200_000 }, (_, id) => ({ id, v: `v${id}` })) };
    expect(render("{{items[id=5].v}} {{items[id=199999].v | items[0].v}}", wide)).toBe("v5 v0");
  });

  it("takes headers from a plain record only", () => {
    const input: SummaryInput = { body: {}, headers: Object.create({ inherited: "no" }) as Record<string, string> };
    expect(compileSummaryTemplate("{{inherited}}").render(input)).toBeNull();
  });
});

describe("validation", () => {
  it.each([
    ["#{{ticket.id", /"\{\{" at position 2 is not closed/],
    ["{{a}} }}", /"\}\}" at position 7 has no "\{\{"/],
    ["{{}}", /empty placeholder/],
    ["{{a | }}", /empty alternative/],
    ["{{ticket..id}}", /\{\{ticket\.\.id\}\}: Empty path segment/],
    ["{{items[id=]}}", /needs a value/],
    ["{{a {{b}}", /not closed/],
    ["{{headers.bad name}}", /not a header name/],
    ["{{a|b|c|d|e|f|g}}", /at most 6 alternatives/],
    ["{{a}}".repeat(21), /At most 20 placeholders; this one has 21/],
    ["x".repeat(301), /At most 300 characters; this one has 301/],
  ])("%s is refused with a message", (template, message) => {
    const errors = summaryTemplateErrors(template);
    expect(errors.join("\n")).toMatch(message);
    expect(compileSummaryTemplate(template).render({ body: { a: 1, ticket: { id: 1 } }, headers: {} })).toBeNull();
  });

  it("accepts quoted keys with bars and spaces", () => {
    expect(render('{{["a|b"] | c}}', { "a|b": "bar key" })).toBe("bar key");
  });
});
