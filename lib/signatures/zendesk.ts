// Zendesk: `X-Zendesk-Webhook-Signature: <base64>` = HMAC-SHA256 over `{timestamp}{body}` (no
// separator), where the timestamp is the X-Zendesk-Webhook-Signature-Timestamp header, an ISO-8601
// string such as 2024-01-01T00:00:00Z. The signing secret is used as UTF-8 text, not decoded.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { basicSecretProblem, checkTimestamp, fail, isoSeconds, readHeader, requireSecret, stringField } from "./common";
import { computeHmac, decodeSignature, findMatchingSecret, mismatchMessage, randomBase64Url, secretKeys } from "./hmac";
import type { SignatureScheme } from "./types";

export const zendeskOptionsSchema = z.object({}).prefault({});
export type ZendeskOptions = z.infer<typeof zendeskOptionsSchema>;

const SIGNATURE_HEADER = "x-zendesk-webhook-signature";
const TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp";
const EVENT_TYPE_PREFIX = "zen:event-type:";

export const zendesk: SignatureScheme<ZendeskOptions> = {
  id: "zendesk",
  label: "Zendesk",
  verifies: true,
  optionsSchema: zendeskOptionsSchema,
  usesTimestamp: true,
  secretOrigin: "provider",
  secretHint: "Zendesk shows the signing secret on the webhook's details page in Admin Center (Reveal secret).",
  setupHelp: {
    headers: ["X-Zendesk-Webhook-Signature", "X-Zendesk-Webhook-Signature-Timestamp"],
    steps: [
      "In Zendesk Admin Center open Apps and integrations → Webhooks → Webhooks and click Create webhook.",
      "Choose Zendesk events (or Trigger or automation), paste this source's URL as the endpoint URL, use POST and JSON.",
      "After creating it, open the webhook, click Reveal secret under Signing secret and paste the value here.",
    ],
  },
  generateSecret: () => randomBase64Url(32),
  checkSecret: basicSecretProblem,

  verify: ({ rawBody, headers, secrets, now, toleranceSeconds }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);

    const header = readHeader(headers, SIGNATURE_HEADER);
    if (header === null) return fail("missing_signature", "The X-Zendesk-Webhook-Signature header is missing.");

    const rawTimestamp = readHeader(headers, TIMESTAMP_HEADER);
    const ts = checkTimestamp(
      rawTimestamp,
      "the X-Zendesk-Webhook-Signature-Timestamp header",
      "iso",
      now,
      toleranceSeconds,
    );
    if (!ts.ok) return ts;

    const decoded = decodeSignature(header, "base64", "sha256");
    if (!decoded.ok)
      return fail("malformed_signature", `The X-Zendesk-Webhook-Signature signature ${decoded.problem}.`);

    // The timestamp is signed exactly as sent, so it is not re-formatted.
    const index = findMatchingSecret(keys.keys, "sha256", [rawTimestamp ?? "", rawBody], [decoded.bytes]);
    if (index === null) {
      return fail("signature_mismatch", mismatchMessage("X-Zendesk-Webhook-Signature signature", keys.keys.length));
    }
    return { ok: true, secretIndex: index, timestamp: ts.timestamp };
  },

  sign: ({ rawBody, secret, now }) => {
    requireSecret(secret);
    const ts = isoSeconds(now);
    return {
      "x-zendesk-webhook-signature": computeHmac("sha256", secret, [ts, rawBody]).toString("base64"),
      "x-zendesk-webhook-signature-timestamp": ts,
    };
  },

  // Event-subscription payloads carry a unique event id. Trigger/automation webhooks have a body the
  // admin wrote, where an "id" is more likely a ticket id, so only trust `id` next to a zen: event type.
  dedupeKey: ({ json }) => {
    const type = stringField(json, "type");
    return type !== null && type.startsWith(EVENT_TYPE_PREFIX) ? stringField(json, "id") : null;
  },
  eventType: ({ json }) => stringField(json, "type"),

  samplePayload: () => ({
    account_id: 22129848,
    detail: {
      id: "35436",
      subject: "My printer is on fire!",
      description: "The smoke is very colorful.",
      status: "NEW",
      priority: "URGENT",
      type: "INCIDENT",
      requester_id: "366001234567",
      created_at: "2024-06-10T12:00:00Z",
      updated_at: "2024-06-10T12:00:00Z",
      tags: ["test", "switchyard"],
    },
    event: {},
    id: randomUUID(),
    subject: "zen:ticket:35436",
    time: "2024-06-10T12:00:00.000000Z",
    type: "zen:event-type:ticket.created",
    zendesk_event_version: "2022-11-06",
  }),
};
