// Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…][,v0=…]`, HMAC-SHA256 over `{t}.{body}`.
// The whsec_… secret is the HMAC key as UTF-8 text: Stripe does not base64-decode it (unlike Svix).
import { z } from "zod";
import {
  basicSecretProblem,
  checkTimestamp,
  fail,
  readHeader,
  requireSecret,
  stringField,
  unixSeconds,
} from "./common";
import {
  computeHmac,
  decodeSignatures,
  findMatchingSecret,
  mismatchMessage,
  randomBase64,
  randomId,
  secretKeys,
} from "./hmac";
import type { SignatureScheme } from "./types";

export const stripeOptionsSchema = z.object({}).prefault({});
export type StripeOptions = z.infer<typeof stripeOptionsSchema>;

const HEADER = "stripe-signature";

interface ParsedStripeHeader {
  timestamps: string[];
  v1: string[];
  /** Other `k=v` schemes present (v0 test-mode signatures, future versions): ignored, but named in errors. */
  otherSchemes: Set<string>;
}

function parseHeader(value: string): ParsedStripeHeader {
  const parsed: ParsedStripeHeader = { timestamps: [], v1: [], otherSchemes: new Set() };
  for (const item of value.split(",")) {
    const eq = item.indexOf("=");
    if (eq <= 0) continue;
    const key = item.slice(0, eq).trim();
    const val = item.slice(eq + 1).trim();
    if (key === "t") parsed.timestamps.push(val);
    else if (key === "v1") parsed.v1.push(val);
    else parsed.otherSchemes.add(key);
  }
  return parsed;
}

export const stripe: SignatureScheme<StripeOptions> = {
  id: "stripe",
  label: "Stripe",
  verifies: true,
  optionsSchema: stripeOptionsSchema,
  usesTimestamp: true,
  secretOrigin: "provider",
  secretHint:
    "Stripe shows the signing secret (whsec_…) on the webhook endpoint's page in the Dashboard; paste it exactly as shown.",
  setupHelp: {
    headers: ["Stripe-Signature"],
    steps: [
      "In the Stripe Dashboard open Developers → Webhooks and add an endpoint (event destination).",
      "Paste this source's URL as the endpoint URL and select the events to send.",
      "On the endpoint's page, click Reveal under Signing secret and paste the whsec_… value here.",
      "When you roll the secret in Stripe, both secrets sign for a while: add the new one here as a second active secret, then remove the old one.",
    ],
  },
  // Real Stripe secrets come from Stripe; this is for tests and "Send a test event".
  generateSecret: () => `whsec_${randomBase64(24)}`,
  checkSecret: (secret) => {
    const basic = basicSecretProblem(secret);
    if (basic) return basic;
    if (!secret.startsWith("whsec_")) {
      return "Stripe webhook signing secrets start with whsec_ (an sk_ or rk_ API key will not work here).";
    }
    return null;
  },

  verify: ({ rawBody, headers, secrets, now, toleranceSeconds }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);

    const header = readHeader(headers, HEADER);
    if (header === null) return fail("missing_signature", "The Stripe-Signature header is missing.");
    const parsed = parseHeader(header);

    if (parsed.timestamps.length > 1) {
      return fail("malformed_signature", "Stripe-Signature has more than one t= timestamp.");
    }
    if (parsed.v1.length === 0) {
      if (parsed.otherSchemes.size > 0) {
        const names = [...parsed.otherSchemes].join(", ");
        return fail(
          "unsupported_version",
          `Stripe-Signature has no v1 signature (only ${names}); Switchyard verifies v1 signatures only.`,
        );
      }
      return fail("malformed_signature", "Stripe-Signature has no v1= signature.");
    }

    const ts = checkTimestamp(
      parsed.timestamps[0] ?? null,
      "the t= timestamp in Stripe-Signature",
      "unix",
      now,
      toleranceSeconds,
    );
    if (!ts.ok) return ts;

    const decoded = decodeSignatures(parsed.v1, "hex", "sha256");
    if (!decoded.ok) return fail("malformed_signature", `The v1 signature in Stripe-Signature ${decoded.problem}.`);

    // The signed timestamp is the header's text as sent, not a re-formatted number.
    const t = parsed.timestamps[0] ?? "";
    const index = findMatchingSecret(keys.keys, "sha256", [`${t}.`, rawBody], decoded.candidates);
    if (index === null) {
      return fail("signature_mismatch", mismatchMessage("Stripe-Signature v1 signature", keys.keys.length));
    }
    return { ok: true, secretIndex: index, timestamp: ts.timestamp };
  },

  sign: ({ rawBody, secret, now }) => {
    requireSecret(secret);
    const t = unixSeconds(now);
    const v1 = computeHmac("sha256", secret, [`${t}.`, rawBody]).toString("hex");
    return { "stripe-signature": `t=${t},v1=${v1}` };
  },

  // Stripe retries reuse the event id; the event type is in the body.
  dedupeKey: ({ json }) => stringField(json, "id"),
  eventType: ({ json }) => stringField(json, "type"),

  samplePayload: () => ({
    id: `evt_${randomId(24)}`,
    object: "event",
    api_version: "2024-06-20",
    created: 1718000000,
    data: {
      object: {
        id: `pi_${randomId(24)}`,
        object: "payment_intent",
        amount: 2000,
        amount_received: 2000,
        currency: "usd",
        customer: "cus_Q2wSampleCustomer",
        description: "Switchyard test event",
        livemode: false,
        metadata: { order_id: "1001" },
        payment_method_types: ["card"],
        status: "succeeded",
      },
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "payment_intent.succeeded",
  }),
};
