import { describe, expect, it } from "vitest";
import { conditionsFromEvent } from "@/lib/events/conditions-from-event";
import { formatConditions } from "@/lib/rules/condition-text";
import { SUMMARY_PRESETS } from "@/lib/summaries/presets";

const template = (id: string) => SUMMARY_PRESETS.find((preset) => preset.id === id)!.template;
const text = (event: Parameters<typeof conditionsFromEvent>[0]) => formatConditions(conditionsFromEvent(event));

describe("conditionsFromEvent: what kind of event this is, not which one", () => {
  it("takes the event's type when the provider gives one", () => {
    expect(text({ eventType: "invoice.paid", body: { type: "invoice.paid", data: { object: { id: "in_1" } } }, headers: {}, summaryTemplate: template("stripe") })).toBe(
      'event.type = "invoice.paid"',
    );
  });

  it("otherwise takes the summary template's values, leaving out ids and free text", () => {
    const body = { ticket: { id: 35436, subject: "Refund for order 1001", priority: "high", requester: { name: "Maria" } } };
    expect(text({ eventType: null, body, headers: {}, summaryTemplate: template("zendesk") })).toBe('body.ticket.priority = "high"');
    // Zendesk's event webhooks put the ticket under detail: the template's second alternative.
    expect(text({ eventType: null, body: { detail: { id: "1", subject: "Hi there", priority: "LOW" } }, headers: {}, summaryTemplate: template("zendesk") })).toBe(
      'body.detail.priority = "LOW"',
    );
  });

  it("reads a header the template names when the body has no such value", () => {
    expect(text({ eventType: null, body: { action: "opened" }, headers: { "x-kind": "issue" }, summaryTemplate: "{{X-Kind}} {{action}}" })).toBe(
      'headers.x-kind = "issue" and body.action = "opened"',
    );
  });

  it("starts empty when nothing fits", () => {
    expect(conditionsFromEvent({ eventType: null, body: null, headers: {}, summaryTemplate: null })).toEqual({ combinator: "and", rules: [] });
    expect(text({ eventType: null, body: { id: 7, note: "a long free text" }, headers: {}, summaryTemplate: "#{{id}} {{note}}" })).toBe("");
  });
});
