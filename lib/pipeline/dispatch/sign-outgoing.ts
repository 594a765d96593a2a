// Standard Webhooks headers for one outgoing request: webhook-id (the delivery's, stable across
// attempts so the receiver can drop duplicates), webhook-timestamp (now, unix seconds) and
// webhook-signature with one `v1,<base64>` per active secret, space-separated: during a rotation
// overlap the receiver verifies with whichever secret it has.
import { standardWebhooks, STANDARD_WEBHOOKS_HEADERS } from "@/lib/signatures/standard-webhooks";

export interface OutgoingSignatureHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signOutgoing({
  webhookId,
  body,
  secrets,
  now = new Date(),
}: {
  webhookId: string;
  body: Buffer;
  /** Plaintext whsec_… secrets, newest first. At least one. */
  secrets: readonly string[];
  now?: Date;
}): OutgoingSignatureHeaders {
  if (secrets.length === 0) throw new Error("A destination needs at least one active signing secret to sign with.");
  let timestamp = "";
  const signatures: string[] = [];
  for (const secret of secrets) {
    const headers = standardWebhooks.sign({ rawBody: body, secret, options: {}, now, id: webhookId });
    timestamp = headers[STANDARD_WEBHOOKS_HEADERS.timestamp] ?? "";
    signatures.push(headers[STANDARD_WEBHOOKS_HEADERS.signature] ?? "");
  }
  return { "webhook-id": webhookId, "webhook-timestamp": timestamp, "webhook-signature": signatures.join(" ") };
}
