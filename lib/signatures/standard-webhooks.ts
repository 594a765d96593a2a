// Standard Webhooks (standardwebhooks.com), also what Svix sends under svix-* header names:
//   webhook-id, webhook-timestamp (unix s), webhook-signature: "v1,<base64> v1,<base64> …"
// HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the base64-decoded part of `whsec_<base64>`.
import { randomUUID } from "node:crypto";
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
import { computeHmac, decodeSignatures, findMatchingSecret, mismatchMessage, randomBase64, secretKeys } from "./hmac";
import type { HeaderBag, SetupHelp, SignatureScheme } from "./types";

export const standardWebhooksOptionsSchema = z.object({}).prefault({});
export type StandardWebhooksOptions = z.infer<typeof standardWebhooksOptionsSchema>;

const SECRET_PREFIX = "whsec_";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The HMAC key of a `whsec_<base64>` secret (prefix optional), or null if it is not base64. */
export function decodeStandardSecret(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!BASE64.test(encoded)) return null;
  const key = Buffer.from(encoded, "base64");
  return key.length > 0 ? key : null;
}

interface HeaderFamily {
  id: string;
  timestamp: string;
  signature: string;
}

const UNBRANDED: HeaderFamily = { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" };

interface StandardSchemeConfig {
  id: "standard-webhooks" | "svix";
  label: string;
  /** Header families tried in order; the first whose signature header is present is used for all three. */
  families: readonly [HeaderFamily, ...HeaderFamily[]];
  secretHint: string;
  secretOrigin: "provider" | "either";
  setupHelp: SetupHelp;
  samplePayload: () => unknown;
}

function pickFamily(headers: HeaderBag, families: StandardSchemeConfig["families"]) {
  return families.find((f) => readHeader(headers, f.signature) !== null) ?? null;
}

/** Builds the Standard Webhooks scheme; Svix uses it with its own header names. */
export function makeStandardWebhooksScheme(config: StandardSchemeConfig): SignatureScheme<StandardWebhooksOptions> {
  const primary = config.families[0];
  return {
    id: config.id,
    label: config.label,
    verifies: true,
    optionsSchema: standardWebhooksOptionsSchema,
    usesTimestamp: true,
    secretHint: config.secretHint,
    secretOrigin: config.secretOrigin,
    setupHelp: config.setupHelp,
    generateSecret: () => `${SECRET_PREFIX}${randomBase64(24)}`,
    checkSecret: (secret) => {
      const basic = basicSecretProblem(secret);
      if (basic) return basic;
      return decodeStandardSecret(secret) === null
        ? "The secret should be whsec_ followed by base64 (as the sender shows it)."
        : null;
    },

    verify: ({ rawBody, headers, secrets, now, toleranceSeconds }) => {
      const keys = secretKeys(secrets, decodeStandardSecret);
      if (!keys.ok) return fail(keys.code, keys.message);

      const family = pickFamily(headers, config.families);
      if (family === null) return fail("missing_signature", `The ${primary.signature} header is missing.`);
      const signatureHeader = readHeader(headers, family.signature) ?? "";
      const id = readHeader(headers, family.id);
      if (id === null)
        return fail("missing_header", `The ${family.id} header is missing; it is part of the signed content.`);

      // Space-separated `version,signature` pairs; versions other than v1 are skipped, not errors,
      // so a sender can add a newer scheme alongside v1.
      const v1: string[] = [];
      const otherVersions = new Set<string>();
      for (const token of signatureHeader.split(/\s+/)) {
        const comma = token.indexOf(",");
        if (comma <= 0) continue;
        const version = token.slice(0, comma);
        if (version === "v1") v1.push(token.slice(comma + 1));
        else otherVersions.add(version);
      }
      if (v1.length === 0) {
        if (otherVersions.size > 0) {
          return fail(
            "unsupported_version",
            `${family.signature} has no v1 signature (only ${[...otherVersions].join(", ")}); Switchyard verifies v1 signatures.`,
          );
        }
        return fail("malformed_signature", `${family.signature} is not a list of v1,<base64> signatures.`);
      }

      const rawTimestamp = readHeader(headers, family.timestamp);
      const ts = checkTimestamp(rawTimestamp, `the ${family.timestamp} header`, "unix", now, toleranceSeconds);
      if (!ts.ok) return ts;

      const decoded = decodeSignatures(v1, "base64", "sha256");
      if (!decoded.ok)
        return fail("malformed_signature", `The v1 signature in ${family.signature} ${decoded.problem}.`);

      const index = findMatchingSecret(
        keys.keys,
        "sha256",
        [`${id}.${rawTimestamp ?? ""}.`, rawBody],
        decoded.candidates,
      );
      if (index === null)
        return fail("signature_mismatch", mismatchMessage(`${family.signature} v1 signature`, keys.keys.length));
      return { ok: true, secretIndex: index, timestamp: ts.timestamp };
    },

    sign: ({ rawBody, secret, now, id }) => {
      requireSecret(secret);
      const key = decodeStandardSecret(secret);
      if (key === null) throw new Error("The secret is not whsec_ followed by base64.");
      const msgId = id ?? `msg_${randomUUID().replaceAll("-", "")}`;
      const ts = String(unixSeconds(now));
      const signature = computeHmac("sha256", key, [`${msgId}.${ts}.`, rawBody]).toString("base64");
      return { [primary.id]: msgId, [primary.timestamp]: ts, [primary.signature]: `v1,${signature}` };
    },

    // The message id is stable across retries of the same message.
    dedupeKey: ({ headers }) => {
      for (const family of config.families) {
        const id = readHeader(headers, family.id);
        if (id !== null) return id;
      }
      return null;
    },
    eventType: ({ json }) => stringField(json, "type"),
    samplePayload: config.samplePayload,
  };
}

export const standardWebhooks = makeStandardWebhooksScheme({
  id: "standard-webhooks",
  label: "Standard Webhooks",
  families: [UNBRANDED],
  // Most senders generate the whsec_ secret; some let you set it (then generate one here).
  secretOrigin: "either",
  secretHint:
    "The sender shows a whsec_… signing secret for the endpoint; paste it as shown (the whsec_ prefix is optional).",
  setupHelp: {
    headers: ["webhook-id", "webhook-timestamp", "webhook-signature"],
    steps: [
      "In the sending service's webhook settings, add an endpoint and paste this source's URL.",
      "Copy the endpoint's signing secret (whsec_…) and paste it here. If the service lets you set the secret, generate one here and paste it there instead.",
      "When the sender rotates the secret it signs with both for a while: add the new one here as a second active secret.",
    ],
  },
  samplePayload: () => ({
    type: "contact.created",
    timestamp: "2024-06-10T12:00:00.000000Z",
    data: { id: "contact_2Zx4SampleContact", email: "jane@example.com", name: "Jane Doe" },
  }),
});

export { UNBRANDED as STANDARD_WEBHOOKS_HEADERS };
