// Pure pieces of alerts: durations in words, masked URLs, the Slack body, and the channel form reader.
import { describe, expect, it } from "vitest";
import type { AlertMessage } from "@/lib/alerts/alert-message";
import { maskUrl } from "@/lib/alerts/channel-config";
import { slackPayload } from "@/lib/alerts/channels/send-slack";
import { readChannelForm } from "@/lib/alerts/read-channel-form";
import { formatMinutes } from "@/lib/alerts/rule-kinds";
import { formDataOf } from "@/lib/testing/form-data";

describe("formatMinutes", () => {
  it.each([
    [1, "1 minute"],
    [45, "45 minutes"],
    [60, "1 hour"],
    [360, "6 hours"],
    [1440, "1 day"],
    [4320, "3 days"],
    [90, "90 minutes"],
  ])("%i → %s", (minutes, text) => expect(formatMinutes(minutes)).toBe(text));
});

describe("maskUrl", () => {
  it.each([
    ["https://hooks.slack.com/services/T000/B000/abcdXYZ1", "https://hooks.slack.com/…XYZ1"],
    ["https://example.com/", "https://example.com"],
    ["http://127.0.0.1:8080/hook?token=secret1234", "http://127.0.0.1:8080/…1234"],
  ])("%s → %s", (url, masked) => expect(maskUrl(url)).toBe(masked));
});

describe("slackPayload", () => {
  it("puts the title in bold with its icon, the text, and a link", () => {
    const message: AlertMessage = {
      kind: "resolved",
      title: "[RESOLVED] Queue backlog: queue deliver",
      text: "The queue caught up.\nIt fired at 2026-01-01T00:00:00.000Z: …\nAlert history: https://hooks.example.com/alerts",
      url: "https://hooks.example.com/",
      data: { alertId: null, rule: "queue_backlog", status: "resolved", subject: null, summary: "", startedAt: null, resolvedAt: null },
    };
    expect(slackPayload(message)).toEqual({
      text: ":white_check_mark: *[RESOLVED] Queue backlog: queue deliver*\nThe queue caught up.\nIt fired at 2026-01-01T00:00:00.000Z: …\n<https://hooks.example.com/|Open in Switchyard>",
    });
  });
});

describe("readChannelForm", () => {
  it.each([
    ["a Slack channel", { kind: "slack", name: "ops", url: "https://hooks.slack.com/x", allowPrivateNetwork: "on" }, { ok: true, input: { kind: "slack", name: "ops", url: "https://hooks.slack.com/x", allowPrivateNetwork: true, enabled: true } }],
    ["recipients split on commas and lines", { kind: "email", name: "mail", recipients: "a@example.com,\nb@example.com ; c@example.com" }, { ok: true, input: { kind: "email", name: "mail", recipients: ["a@example.com", "b@example.com", "c@example.com"], enabled: true } }],
    ["no name", { kind: "webhook", name: "", url: "https://example.com/h" }, { ok: false, fieldErrors: { name: "Give the channel a name" } }],
    ["a bad URL", { kind: "slack", name: "x", url: "javascript:alert(1)" }, { ok: false, fieldErrors: { url: "Enter an http or https URL, like https://hooks.slack.com/services/…" } }],
    ["a bad address", { kind: "email", name: "x", recipients: "nope" }, { ok: false, fieldErrors: { recipients: "Enter e-mail addresses like ops@example.com" } }],
  ])("%s", (_label, fields, expected) => {
    expect(readChannelForm({ form: formDataOf(fields) })).toEqual(expected);
  });
});
