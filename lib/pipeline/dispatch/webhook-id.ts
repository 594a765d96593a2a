// The webhook-id of a delivery: random, stable across its attempts, so receivers can drop the
// duplicates at-least-once delivery produces. Same form as Standard Webhooks senders use.
import { randomUUID } from "node:crypto";

export function newWebhookId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}
