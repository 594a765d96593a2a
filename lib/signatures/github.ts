// GitHub: `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 over the raw body, no timestamp
// (so no replay window: dedupe on X-GitHub-Delivery instead).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { basicSecretProblem, fail, readHeader, requireSecret, stringField } from "./common";
import { computeHmac, decodeSignature, findMatchingSecret, mismatchMessage, randomHex, secretKeys } from "./hmac";
import type { SignatureScheme } from "./types";

export const githubOptionsSchema = z.object({}).prefault({});
export type GithubOptions = z.infer<typeof githubOptionsSchema>;

const HEADER = "x-hub-signature-256";
const LEGACY_SHA1_HEADER = "x-hub-signature";
const PREFIX = "sha256=";
const SAMPLE_EVENT = "issues";

export const github: SignatureScheme<GithubOptions> = {
  id: "github",
  label: "GitHub",
  verifies: true,
  optionsSchema: githubOptionsSchema,
  usesTimestamp: false,
  secretOrigin: "either",
  secretHint:
    "GitHub does not generate the secret: generate one here and paste the same value into the webhook's Secret field.",
  setupHelp: {
    headers: ["X-Hub-Signature-256", "X-GitHub-Event", "X-GitHub-Delivery"],
    steps: [
      "In the repository (or organization, or GitHub App) open Settings → Webhooks → Add webhook.",
      "Paste this source's URL as the Payload URL and set Content type to application/json.",
      "Paste the secret from here into the Secret field.",
      "Choose the events and save; GitHub sends a ping event straight away.",
    ],
  },
  generateSecret: () => randomHex(32),
  checkSecret: basicSecretProblem,

  verify: ({ rawBody, headers, secrets }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);

    const header = readHeader(headers, HEADER);
    if (header === null) {
      if (readHeader(headers, LEGACY_SHA1_HEADER) !== null) {
        return fail(
          "unsupported_version",
          "Only the legacy SHA-1 X-Hub-Signature header was sent; Switchyard verifies X-Hub-Signature-256, which GitHub sends whenever a secret is set.",
        );
      }
      return fail(
        "missing_signature",
        "The X-Hub-Signature-256 header is missing (is a secret set on the GitHub webhook?).",
      );
    }
    if (!header.startsWith(PREFIX)) {
      return fail("malformed_signature", "X-Hub-Signature-256 does not start with sha256=.");
    }
    const decoded = decodeSignature(header.slice(PREFIX.length), "hex", "sha256");
    if (!decoded.ok) return fail("malformed_signature", `The X-Hub-Signature-256 signature ${decoded.problem}.`);

    const index = findMatchingSecret(keys.keys, "sha256", [rawBody], [decoded.bytes]);
    if (index === null) {
      return fail("signature_mismatch", mismatchMessage("X-Hub-Signature-256 signature", keys.keys.length));
    }
    return { ok: true, secretIndex: index };
  },

  sign: ({ rawBody, secret, id, eventType }) => {
    requireSecret(secret);
    const signature = computeHmac("sha256", secret, [rawBody]).toString("hex");
    return {
      "x-hub-signature-256": `${PREFIX}${signature}`,
      // The header carries the event name only; ".opened" and the like come from the body's action.
      "x-github-event": (eventType ?? SAMPLE_EVENT).split(".")[0] ?? SAMPLE_EVENT,
      "x-github-delivery": id ?? randomUUID(),
    };
  },

  dedupeKey: ({ headers }) => readHeader(headers, "x-github-delivery"),
  eventType: ({ headers, json }) => {
    const event = readHeader(headers, "x-github-event");
    if (event === null) return null;
    const action = stringField(json, "action");
    return action === null ? event : `${event}.${action}`;
  },

  samplePayload: () => ({
    action: "opened",
    issue: {
      id: 2345678901,
      number: 42,
      title: "Webhook deliveries fail after secret rotation",
      state: "open",
      body: "A test issue sent by Switchyard.",
      html_url: "https://github.com/octo-org/switchyard-demo/issues/42",
      user: { login: "octocat", id: 583231, type: "User" },
      labels: [{ name: "bug", color: "d73a4a" }],
      created_at: "2024-06-10T12:00:00Z",
      updated_at: "2024-06-10T12:00:00Z",
    },
    repository: {
      id: 123456789,
      name: "switchyard-demo",
      full_name: "octo-org/switchyard-demo",
      private: false,
      html_url: "https://github.com/octo-org/switchyard-demo",
      default_branch: "main",
    },
    sender: { login: "octocat", id: 583231, type: "User" },
  }),
};
