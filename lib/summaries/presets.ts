// Summary templates that fit each provider's payloads, offered on the source form, and the one a
// new source starts with for its scheme. Each comes with an example event for the form's preview
// while the source has received nothing yet. Pure and client-safe.
import type { SchemeId } from "@/lib/signatures/types";
import type { SummaryInput } from "@/lib/summaries/summary-template";

export interface SummaryPreset {
  id: string;
  label: string;
  template: string;
  /** A typical event of this provider, for the preview. */
  example: SummaryInput;
}

export const SUMMARY_PRESETS: readonly SummaryPreset[] = [
  {
    id: "zendesk",
    label: "Zendesk (triggers and event webhooks)",
    // A trigger's JSON body names the ticket `ticket`; an event webhook (zen:event-type:ticket.created)
    // puts it under `detail`.
    template: "#{{ticket.id | detail.id}} {{ticket.subject | detail.subject}} · {{ticket.priority | detail.priority}}",
    example: {
      body: { ticket: { id: 35436, subject: "Refund for order 1001", priority: "high", requester: { name: "Maria" } } },
      headers: { "content-type": "application/json" },
    },
  },
  {
    id: "stripe",
    label: "Stripe",
    template: "{{type}} {{data.object.id}}",
    example: { body: { type: "charge.refunded", data: { object: { id: "ch_3PqRefund", amount: 2000 } } }, headers: {} },
  },
  {
    id: "github",
    label: "GitHub",
    template: "{{X-GitHub-Event}} {{repository.full_name}}#{{issue.number | pull_request.number}}",
    example: {
      body: { action: "opened", issue: { number: 42, title: "Webhook deliveries fail" }, repository: { full_name: "octo-org/switchyard-demo" } },
      headers: { "x-github-event": "issues" },
    },
  },
  {
    id: "shopify",
    label: "Shopify",
    template: "{{X-Shopify-Topic}} {{name | title | email | id}}",
    example: { body: { id: 5678901234567, name: "#1001", email: "jane@example.com" }, headers: { "x-shopify-topic": "orders/create" } },
  },
  {
    id: "slack",
    label: "Slack (Events API)",
    template: "{{event.type | type}} {{event.channel}}: {{event.text}}",
    example: { body: { type: "event_callback", event: { type: "app_mention", channel: "C0SUPPORT", text: "<@U0BOT> the printer is on fire" } }, headers: {} },
  },
  {
    id: "standard-webhooks",
    label: "Standard Webhooks / Svix",
    template: "{{type}}",
    example: { body: { type: "invoice.paid", data: { id: "inv_1001" } }, headers: {} },
  },
  {
    id: "twilio",
    label: "Twilio (messaging and voice)",
    // Twilio posts a form; its fields are the payload's top-level keys.
    template: "{{SmsStatus | MessageStatus | CallStatus}} from {{From}}: {{Body}}",
    example: { body: { SmsStatus: "received", From: "+15005550006", To: "+15005550001", Body: "The printer is on fire" }, headers: { "content-type": "application/x-www-form-urlencoded" } },
  },
  {
    id: "generic",
    label: "Generic (a type-like field)",
    template: "{{type | event_type | event | topic | action}}",
    example: { body: { event: "order.shipped", id: 1001 }, headers: {} },
  },
];

const PRESET_OF_SCHEME: Record<SchemeId, string> = {
  zendesk: "zendesk",
  stripe: "stripe",
  github: "github",
  shopify: "shopify",
  slack: "slack",
  "standard-webhooks": "standard-webhooks",
  svix: "standard-webhooks",
  twilio: "twilio",
  hmac: "generic",
  "basic-auth": "generic",
  "api-key": "generic",
  none: "generic",
};

/** The preset that fits a scheme's provider (the generic one for schemes any sender may use). */
export function summaryPresetFor(schemeId: string): SummaryPreset {
  const id = (PRESET_OF_SCHEME as Record<string, string | undefined>)[schemeId] ?? "generic";
  return SUMMARY_PRESETS.find((preset) => preset.id === id) ?? SUMMARY_PRESETS[SUMMARY_PRESETS.length - 1]!;
}
