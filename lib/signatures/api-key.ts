// A shared API key in a header (default X-API-Key, optionally after a prefix such as "Bearer "),
// compared in constant time. No signature over the body, so it authenticates the sender only.
import { z } from "zod";
import {
  basicSecretProblem,
  fail,
  genericEventType,
  genericSamplePayload,
  httpHeaderName,
  readHeader,
  requireSecret,
} from "./common";
import { findMatchingCredential, randomBase64Url, secretKeys } from "./hmac";
import type { SignatureScheme } from "./types";

export const apiKeyOptionsSchema = z
  .object({
    header: httpHeaderName.default("x-api-key"),
    /** Text before the key, e.g. "Bearer " with header Authorization; matched case-insensitively. */
    prefix: z.string().default(""),
  })
  .prefault({});
export type ApiKeyOptions = z.infer<typeof apiKeyOptionsSchema>;

export const apiKey: SignatureScheme<ApiKeyOptions> = {
  id: "api-key",
  label: "API key header",
  verifies: true,
  optionsSchema: apiKeyOptionsSchema,
  usesTimestamp: false,
  secretOrigin: "either",
  secretHint:
    "Generate a key here and configure the sender to send it in the header below (or paste the key the sender uses).",
  setupHelp: {
    headers: ["X-API-Key (configurable; or Authorization with the prefix Bearer )"],
    steps: [
      "In the sender's webhook settings, paste this source's URL.",
      "Add a custom header with the name configured here and the key as its value (with the prefix, if one is set).",
      "An API key does not sign the body: prefer a signing scheme when the sender offers one.",
    ],
  },
  generateSecret: () => randomBase64Url(32),
  checkSecret: basicSecretProblem,

  verify: ({ headers, secrets, options }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);

    const header = readHeader(headers, options.header);
    if (header === null) return fail("missing_signature", `The ${options.header} header is missing.`);
    const prefix = options.prefix;
    if (prefix !== "" && header.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
      return fail("malformed_signature", `The ${options.header} header does not start with ${JSON.stringify(prefix)}.`);
    }
    const index = findMatchingCredential(keys.keys, header.slice(prefix.length).trim());
    if (index === null)
      return fail("signature_mismatch", `The key in ${options.header} did not match any active secret.`);
    return { ok: true, secretIndex: index };
  },

  sign: ({ secret, options }) => {
    requireSecret(secret);
    return { [options.header.toLowerCase()]: `${options.prefix}${secret}` };
  },

  dedupeKey: () => null,
  eventType: ({ json }) => genericEventType(json),
  samplePayload: genericSamplePayload,
};
