// Shopify: `X-Shopify-Hmac-Sha256: <base64>`, HMAC-SHA256 over the raw body with the app's client
// secret (or the store's webhook signing secret) as UTF-8. No timestamp: dedupe on X-Shopify-Webhook-Id.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { basicSecretProblem, fail, readHeader, requireSecret } from "./common";
import { computeHmac, decodeSignature, findMatchingSecret, mismatchMessage, randomHex, secretKeys } from "./hmac";
import type { SignatureScheme } from "./types";

export const shopifyOptionsSchema = z.object({}).prefault({});
export type ShopifyOptions = z.infer<typeof shopifyOptionsSchema>;

const HEADER = "x-shopify-hmac-sha256";
const SAMPLE_TOPIC = "orders/create";

export const shopify: SignatureScheme<ShopifyOptions> = {
  id: "shopify",
  label: "Shopify",
  verifies: true,
  optionsSchema: shopifyOptionsSchema,
  usesTimestamp: false,
  secretOrigin: "provider",
  secretHint:
    "For store webhooks, Shopify shows the signing secret under Settings → Notifications → Webhooks; for app webhooks it is the app's client secret.",
  setupHelp: {
    headers: ["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Webhook-Id"],
    steps: [
      "In the Shopify admin open Settings → Notifications → Webhooks and click Create webhook (for an app, add the subscription in the app's configuration instead).",
      "Choose the event, select JSON as the format and paste this source's URL.",
      "Copy the signing secret shown under the webhook list (“Your webhooks will be signed with …”), or the app's client secret, and paste it here.",
    ],
  },
  generateSecret: () => randomHex(32),
  checkSecret: basicSecretProblem,

  verify: ({ rawBody, headers, secrets }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);

    const header = readHeader(headers, HEADER);
    if (header === null) return fail("missing_signature", "The X-Shopify-Hmac-Sha256 header is missing.");
    const decoded = decodeSignature(header, "base64", "sha256");
    if (!decoded.ok) return fail("malformed_signature", `The X-Shopify-Hmac-Sha256 signature ${decoded.problem}.`);

    const index = findMatchingSecret(keys.keys, "sha256", [rawBody], [decoded.bytes]);
    if (index === null) {
      return fail("signature_mismatch", mismatchMessage("X-Shopify-Hmac-Sha256 signature", keys.keys.length));
    }
    return { ok: true, secretIndex: index };
  },

  sign: ({ rawBody, secret, id, eventType }) => {
    requireSecret(secret);
    return {
      "x-shopify-hmac-sha256": computeHmac("sha256", secret, [rawBody]).toString("base64"),
      "x-shopify-topic": eventType ?? SAMPLE_TOPIC,
      "x-shopify-webhook-id": id ?? randomUUID(),
      "x-shopify-shop-domain": "switchyard-test.myshopify.com",
    };
  },

  dedupeKey: ({ headers }) => readHeader(headers, "x-shopify-webhook-id"),
  eventType: ({ headers }) => readHeader(headers, "x-shopify-topic"),

  samplePayload: () => ({
    id: 5678901234567,
    admin_graphql_api_id: "gid://shopify/Order/5678901234567",
    name: "#1001",
    email: "jane@example.com",
    created_at: "2024-06-10T12:00:00-04:00",
    currency: "USD",
    financial_status: "paid",
    fulfillment_status: null,
    subtotal_price: "59.00",
    total_tax: "4.72",
    total_price: "63.72",
    test: true,
    customer: { id: 7012345678901, email: "jane@example.com", first_name: "Jane", last_name: "Doe" },
    line_items: [{ id: 13456789012345, title: "Signal lantern", quantity: 1, price: "59.00", sku: "LANTERN-01" }],
  }),
};
