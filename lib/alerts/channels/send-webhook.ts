// The generic webhook channel: a Switchyard meta-event (`alert.firing`, `alert.repeat`,
// `alert.resolved`, `test`) as JSON, signed the Standard Webhooks way with the channel's secret, as
// destinations are signed: the receiver verifies it with any Standard Webhooks library.
import type { AlertMessage } from "@/lib/alerts/alert-message";
import { postJson } from "@/lib/alerts/channels/post-json";
import { signOutgoing } from "@/lib/pipeline/dispatch/sign-outgoing";

export interface MetaEvent {
  type: "alert.firing" | "alert.repeat" | "alert.resolved" | "test";
  timestamp: string;
  title: string;
  url: string;
  data: AlertMessage["data"];
}

export function metaEvent(message: AlertMessage, now = new Date()): MetaEvent {
  return { type: message.kind === "test" ? "test" : `alert.${message.kind}`, timestamp: now.toISOString(), title: message.title, url: message.url, data: message.data };
}

export async function sendWebhook({
  url,
  signingSecret,
  allowPrivateNetwork,
  message,
  messageId,
}: {
  url: string;
  signingSecret: string;
  allowPrivateNetwork: boolean;
  message: AlertMessage;
  /** webhook-id: the notification's, the same on every retry, so receivers can drop duplicates. */
  messageId: string;
}): Promise<void> {
  const body = Buffer.from(JSON.stringify(metaEvent(message)));
  const headers = signOutgoing({ webhookId: messageId, body, secrets: [signingSecret] });
  await postJson({ url, allowPrivateNetwork, body, headers: { ...headers } });
}
