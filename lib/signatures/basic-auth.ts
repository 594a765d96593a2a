// HTTP Basic auth: the secret is `username:password`, compared with the decoded Authorization
// header in constant time. No signature over the body, so it authenticates the sender only.
import { z } from "zod";
import { basicSecretProblem, fail, genericEventType, genericSamplePayload, readHeader, requireSecret } from "./common";
import { findMatchingCredential, randomBase64Url, secretKeys } from "./hmac";
import type { SignatureScheme } from "./types";

export const basicAuthOptionsSchema = z.object({}).prefault({});
export type BasicAuthOptions = z.infer<typeof basicAuthOptionsSchema>;

const BASIC = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i;

export const basicAuth: SignatureScheme<BasicAuthOptions> = {
  id: "basic-auth",
  label: "HTTP Basic auth",
  verifies: true,
  optionsSchema: basicAuthOptionsSchema,
  usesTimestamp: false,
  secretOrigin: "either",
  secretHint:
    "Enter username:password, the same pair the sender is configured with (or generate one here and copy it there).",
  setupHelp: {
    headers: ["Authorization: Basic …"],
    steps: [
      "In the sender's webhook settings, paste this source's URL.",
      "Choose basic authentication and enter the username and password from the secret here (the part before the first colon is the username).",
      "Basic auth does not sign the body: prefer a signing scheme when the sender offers one.",
    ],
  },
  generateSecret: () => `user:${randomBase64Url(24)}`,
  checkSecret: (secret) =>
    basicSecretProblem(secret) ?? (secret.includes(":") ? null : "Basic auth secrets are username:password."),

  verify: ({ headers, secrets }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);

    const header = readHeader(headers, "authorization");
    if (header === null) return fail("missing_signature", "The Authorization header is missing.");
    const match = BASIC.exec(header);
    if (match === null || match[1] === undefined) {
      return fail(
        "malformed_signature",
        "The Authorization header does not hold Basic credentials (Basic <base64 of user:password>).",
      );
    }
    const credentials = Buffer.from(match[1], "base64").toString("utf8");
    if (!credentials.includes(":")) {
      return fail("malformed_signature", "The Basic credentials are not of the form username:password.");
    }
    const index = findMatchingCredential(keys.keys, credentials);
    if (index === null) {
      return fail("signature_mismatch", "The Basic auth username and password did not match any active secret.");
    }
    return { ok: true, secretIndex: index };
  },

  sign: ({ secret }) => {
    requireSecret(secret);
    return { authorization: `Basic ${Buffer.from(secret, "utf8").toString("base64")}` };
  },

  dedupeKey: () => null,
  eventType: ({ json }) => genericEventType(json),
  samplePayload: genericSamplePayload,
};
