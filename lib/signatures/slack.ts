// Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 over `v0:{X-Slack-Request-Timestamp}:{body}`
// with the app's signing secret as UTF-8. The Events API's url_verification handshake is answered
// by `handshake`, which callers must only use after verify() succeeded.
import { z } from "zod";
import {
  basicSecretProblem,
  checkTimestamp,
  fail,
  isRecord,
  readHeader,
  requireSecret,
  stringField,
  unixSeconds,
} from "./common";
import {
  computeHmac,
  decodeSignature,
  findMatchingSecret,
  mismatchMessage,
  randomHex,
  randomId,
  secretKeys,
} from "./hmac";
import type { SignatureScheme } from "./types";

export const slackOptionsSchema = z.object({}).prefault({});
export type SlackOptions = z.infer<typeof slackOptionsSchema>;

const SIGNATURE_HEADER = "x-slack-signature";
const TIMESTAMP_HEADER = "x-slack-request-timestamp";
const VERSION = "v0";

export const slack: SignatureScheme<SlackOptions> = {
  id: "slack",
  label: "Slack",
  verifies: true,
  optionsSchema: slackOptionsSchema,
  usesTimestamp: true,
  secretOrigin: "provider",
  secretHint:
    "Slack shows the Signing Secret in your app's settings under Basic Information → App Credentials (not the deprecated verification token).",
  setupHelp: {
    headers: ["X-Slack-Signature", "X-Slack-Request-Timestamp"],
    steps: [
      "In your Slack app's settings open Basic Information → App Credentials, click Show next to Signing Secret and paste it here.",
      "Open Event Subscriptions, turn on Enable Events and paste this source's URL as the Request URL; Slack sends a url_verification challenge, which Switchyard answers once the signature checks out.",
      "Subscribe to the bot or workspace events you need and save. Interactivity and slash commands can use the same URL.",
    ],
  },
  generateSecret: () => randomHex(16),
  checkSecret: basicSecretProblem,

  verify: ({ rawBody, headers, secrets, now, toleranceSeconds }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);

    const header = readHeader(headers, SIGNATURE_HEADER);
    if (header === null) return fail("missing_signature", "The X-Slack-Signature header is missing.");
    const eq = header.indexOf("=");
    const version = eq > 0 ? header.slice(0, eq) : null;
    if (version === null) return fail("malformed_signature", "X-Slack-Signature is not of the form v0=<hex>.");
    if (version !== VERSION) {
      return fail(
        "unsupported_version",
        `X-Slack-Signature uses version ${version}; Switchyard verifies v0 signatures.`,
      );
    }

    const rawTimestamp = readHeader(headers, TIMESTAMP_HEADER);
    const ts = checkTimestamp(rawTimestamp, "the X-Slack-Request-Timestamp header", "unix", now, toleranceSeconds);
    if (!ts.ok) return ts;

    const decoded = decodeSignature(header.slice(eq + 1), "hex", "sha256");
    if (!decoded.ok) return fail("malformed_signature", `The X-Slack-Signature signature ${decoded.problem}.`);

    const index = findMatchingSecret(
      keys.keys,
      "sha256",
      [`${VERSION}:${rawTimestamp ?? ""}:`, rawBody],
      [decoded.bytes],
    );
    if (index === null)
      return fail("signature_mismatch", mismatchMessage("X-Slack-Signature signature", keys.keys.length));
    return { ok: true, secretIndex: index, timestamp: ts.timestamp };
  },

  sign: ({ rawBody, secret, now }) => {
    requireSecret(secret);
    const ts = String(unixSeconds(now));
    const signature = computeHmac("sha256", secret, [`${VERSION}:${ts}:`, rawBody]).toString("hex");
    return { "x-slack-signature": `${VERSION}=${signature}`, "x-slack-request-timestamp": ts };
  },

  // Slack retries an event with the same event_id (and an X-Slack-Retry-Num header).
  dedupeKey: ({ json }) => stringField(json, "event_id"),
  eventType: ({ json }) => {
    if (!isRecord(json)) return null;
    return stringField(json.event, "type") ?? stringField(json, "type");
  },

  samplePayload: () => ({
    token: "XXYYZZ",
    team_id: "T0SAMPLE1",
    api_app_id: "A0SAMPLE1",
    event: {
      type: "app_mention",
      user: "U0SAMPLE1",
      text: "<@U0SWITCHYARD> this is a test event",
      ts: "1718000000.000100",
      channel: "C0SAMPLE1",
      event_ts: "1718000000.000100",
    },
    type: "event_callback",
    event_id: `Ev${randomId(10).toUpperCase()}`,
    event_time: 1718000000,
  }),

  handshake: (json) => {
    if (!isRecord(json) || json.type !== "url_verification") return null;
    const challenge = stringField(json, "challenge");
    if (challenge === null) return null;
    return { status: 200, body: { challenge } };
  },
};
