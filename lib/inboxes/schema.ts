// Inbox inputs and views, shared by the destination page's forms, the server actions and /api/v1.
import { z } from "zod";
import { OrderingKeyTemplate } from "@/lib/ordering/schema";

export const DEFAULT_LEASE_SECONDS = 30;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const MAX_LEASE_SECONDS = 12 * 60 * 60;
export const MAX_RECEIVE = 100;
/** A long poll waits at most this long (proxies commonly cut idle requests at 60 s). */
export const MAX_WAIT_SECONDS = 30;
export const MAX_NACK_DELAY_SECONDS = 24 * 60 * 60;

const name = z.string().trim().min(1, "Give the inbox a name").max(100, "Use at most 100 characters");
const leaseSeconds = z.number().int().min(1, "At least 1 second").max(MAX_LEASE_SECONDS, `At most ${MAX_LEASE_SECONDS} seconds (12 h)`);
const maxAttempts = z.number().int().min(1, "At least 1").max(100, "At most 100");

export const InboxCreateInput = z.strictObject({
  name,
  leaseSeconds: leaseSeconds.default(DEFAULT_LEASE_SECONDS).describe("How long a received message is leased before it is handed out again."),
  maxAttempts: maxAttempts.default(DEFAULT_MAX_ATTEMPTS).describe("Receives after which an unacknowledged message is dead-lettered."),
  orderingKey: OrderingKeyTemplate.optional(),
});
export type InboxCreateInput = z.input<typeof InboxCreateInput>;

export const InboxView = z.object({
  id: z.string().describe("The inbox's id (it is a destination of kind inbox: rules forward to it by this id)."),
  name: z.string(),
  leaseSeconds: z.number().int(),
  maxAttempts: z.number().int(),
  orderingKey: z.string().nullable().describe("The ordering key template: messages with the same rendered key are handed out one at a time in receive order. null: unordered."),
  counts: z.object({ queued: z.number().int(), leased: z.number().int(), acked: z.number().int(), dead: z.number().int() }),
  createdAt: z.string(),
});
export type InboxView = z.infer<typeof InboxView>;

export const InboxTokenCreateInput = z.strictObject({
  name: z.string().trim().min(1, "Give the token a name").max(100, "Use at most 100 characters"),
});

export const InboxTokenView = z.object({
  id: z.string(),
  inboxId: z.string(),
  name: z.string(),
  prefix: z.string().describe("The token's first characters, to recognise it."),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type InboxTokenView = z.infer<typeof InboxTokenView>;

export const ReceiveInput = z.strictObject({
  max: z.number().int().min(1).max(MAX_RECEIVE).default(10).describe(`Messages to receive at most (1–${MAX_RECEIVE}).`),
  waitSeconds: z.number().int().min(0).max(MAX_WAIT_SECONDS).default(0).describe(`When none is ready, wait up to this long for one (long poll, 0–${MAX_WAIT_SECONDS}).`),
  leaseSeconds: leaseSeconds.optional().describe("This receive's lease; the inbox's by default."),
});
export type ReceiveInput = z.input<typeof ReceiveInput>;

const leaseId = z.uuid("Send the leaseId the message was received with");

export const AckInput = z.strictObject({ leaseId });
export const NackInput = z.strictObject({
  leaseId,
  delaySeconds: z.number().int().min(0).max(MAX_NACK_DELAY_SECONDS).default(0).describe("Hand the message out again after this long."),
  error: z.string().max(1000).optional().describe("Why it failed (shown in the dashboard)."),
});
export const ExtendLeaseInput = z.strictObject({ leaseId, leaseSeconds: leaseSeconds.describe("The lease runs this long from now.") });

export const InboxMessageView = z.object({
  id: z.string().describe("The message's id: ack, nack and extend name it with its leaseId."),
  seq: z.string().describe("Increases with every message of the instance: the stream's event id."),
  leaseId: z.string(),
  leaseExpiresAt: z.string(),
  attempt: z.number().int().describe("1 on the first receive, more when it is handed out again."),
  headers: z
    .object({ "webhook-id": z.string(), "webhook-timestamp": z.string(), "webhook-signature": z.string() })
    .describe("Standard Webhooks headers over `body`: verify with the inbox's signing secret."),
  body: z.string().describe("The signed JSON text: { messageId, deliveryId, event, summary, tags, routing, body? }."),
});
export type InboxMessageView = z.infer<typeof InboxMessageView>;

export const SettledMessageView = z.object({
  id: z.string(),
  state: z.enum(["queued", "leased", "acked", "dead"]),
  leaseExpiresAt: z.string().nullable(),
  availableAt: z.string(),
});
export type SettledMessageView = z.infer<typeof SettledMessageView>;

const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const StreamQuery = z.strictObject({
  prefetch: queryInt(1, MAX_RECEIVE).default(10).describe("Unsettled messages outstanding at once."),
  leaseSeconds: queryInt(1, MAX_LEASE_SECONDS).optional().describe("Each message's lease; the inbox's by default."),
});
