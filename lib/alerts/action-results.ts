// What the alert settings' server actions answer (app/(dashboard)/settings/{notifications,alerts}).
import type { ChannelFormField } from "@/lib/alerts/read-channel-form";
import type { ActionResult, FormResult } from "@/lib/forms/form-result";

/** A new channel: its name, and the webhook kind's signing secret, shown this once. */
export type CreateChannelResult = FormResult<{ name: string; signingSecret: string | null }, ChannelFormField> | null;

/** A rule saved: what the page says. */
export type SaveAlertRuleResult = FormResult<{ message: string }> | null;

/** "Send test notification", turning a channel on or off, deleting it: what happened, in words. */
export type ChannelActionResult = ActionResult<{ message: string }>;
