// Notification channels, alert rules and alerts: the inputs (shared by the forms and /api/v1) and
// the shapes shown in the dashboard and the API. A channel's URL and secret never appear in a view.
import { z } from "zod";
import { ALERT_RULE_KINDS } from "@/lib/alerts/rule-kinds";

export const CHANNEL_KINDS = ["slack", "webhook", "email"] as const;
export const MAX_RECIPIENTS = 20;

const ChannelName = z.string({ error: "Give the channel a name" }).trim().min(1, "Give the channel a name").max(100, "Use at most 100 characters");
const ChannelUrl = z
  .string({ error: "Enter the URL to post to" })
  .trim()
  .min(1, "Enter the URL to post to")
  .max(2048, "Use at most 2048 characters")
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), "Enter an http or https URL, like https://hooks.slack.com/services/…");
const Recipients = z
  .array(z.email({ error: "Enter e-mail addresses like ops@example.com" }).max(320), { error: "Enter at least one e-mail address" })
  .min(1, "Enter at least one e-mail address")
  .max(MAX_RECIPIENTS, `Use at most ${MAX_RECIPIENTS} addresses`);
const AllowPrivateNetwork = z
  .boolean()
  .default(false)
  .describe("Let the channel reach private and loopback addresses (an internal chat server); cloud metadata stays blocked.");

export const ChannelCreateInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("slack"), name: ChannelName, url: ChannelUrl, allowPrivateNetwork: AllowPrivateNetwork, enabled: z.boolean().default(true) }).strict(),
    z.object({ kind: z.literal("webhook"), name: ChannelName, url: ChannelUrl, allowPrivateNetwork: AllowPrivateNetwork, enabled: z.boolean().default(true) }).strict(),
    z.object({ kind: z.literal("email"), name: ChannelName, recipients: Recipients, enabled: z.boolean().default(true) }).strict(),
  ],
  { error: "Choose a kind: slack, webhook or email" },
);
export type ChannelCreateInput = z.input<typeof ChannelCreateInput>;

export const ChannelUpdateInput = z
  .object({
    name: ChannelName.optional(),
    enabled: z.boolean().optional(),
    url: ChannelUrl.optional().describe("Slack and webhook channels only."),
    recipients: Recipients.optional().describe("E-mail channels only."),
    allowPrivateNetwork: z.boolean().optional(),
  })
  .strict();
export type ChannelUpdateInput = z.input<typeof ChannelUpdateInput>;

export const ChannelView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  hint: z.string().describe("The masked URL, or the recipients."),
  recipients: z.array(z.string()),
  allowPrivateNetwork: z.boolean(),
  enabled: z.boolean(),
  lastNotification: z
    .object({ status: z.enum(["pending", "sent", "failed"]), at: z.iso.datetime(), error: z.string().nullable() })
    .nullable()
    .describe("The latest alert notification sent through it."),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelTestResult = z.object({
  ok: z.boolean(),
  message: z.string().describe("What happened, in words: delivered, or why not."),
});
export type ChannelTestResult = z.infer<typeof ChannelTestResult>;

export const AlertRuleView = z.object({
  id: z.uuid(),
  kind: z.enum(ALERT_RULE_KINDS),
  title: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  params: z.record(z.string(), z.number()).describe("The thresholds (defaults filled in)."),
  repeatMinutes: z.number().int().describe("While the condition holds, it is notified again at most this often."),
  firing: z.number().int().describe("Alerts of this rule firing now."),
  updatedAt: z.iso.datetime(),
});
export type AlertRuleView = z.infer<typeof AlertRuleView>;

export const AlertRuleUpdateInput = z
  .object({
    enabled: z.boolean().optional(),
    repeatMinutes: z.number({ error: "Repeat every must be a whole number of minutes" }).int("Repeat every must be a whole number of minutes").min(1, "Repeat at most every minute").max(10_080, "Repeat at least once a week (10080 minutes)").optional(),
    params: z.record(z.string().max(50), z.number()).optional().describe("Thresholds to change, by name (see the rule's `params`); the others stay."),
  })
  .strict();
export type AlertRuleUpdateInput = z.input<typeof AlertRuleUpdateInput>;

export const AlertView = z.object({
  id: z.uuid(),
  rule: z.enum(ALERT_RULE_KINDS),
  ruleTitle: z.string(),
  subject: z.object({ key: z.string(), name: z.string(), path: z.string().describe("Its dashboard page.") }),
  status: z.enum(["firing", "resolved"]),
  summary: z.string(),
  startedAt: z.iso.datetime(),
  lastNotifiedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  notifications: z.array(
    z.object({
      kind: z.enum(["firing", "repeat", "resolved"]),
      channel: z.string().describe("The channel's name (empty when it was deleted)."),
      status: z.enum(["pending", "sent", "failed"]),
      error: z.string().nullable(),
      at: z.iso.datetime(),
    }),
  ),
});
export type AlertView = z.infer<typeof AlertView>;

export const AlertListQuery = z.object({
  status: z.enum(["firing", "resolved"]).optional().describe("Only firing or only resolved alerts."),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("At most this many, newest first."),
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;
