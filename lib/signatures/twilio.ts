// Twilio: `X-Twilio-Signature: <base64>` = HMAC-SHA1, keyed with the account's Auth Token, over
// the full URL Twilio requested (scheme, host, path and query string) followed by every POST form
// parameter sorted by name, each as name+value with no separators. A JSON body is not in the
// signed text: Twilio then adds `bodySHA256=<hex SHA-256 of the body>` to the URL's query, signs
// the URL alone, and the receiver checks the hash. No timestamp (dedupe on I-Twilio-Idempotency-Token).
// Because the URL is signed, the receiver must know the public URL the request was sent to: it
// passes `url` (APP_URL + /in/<key> + the query as received), never the Host it saw behind a proxy.
// As Twilio's own validator does, the URL is tried with and without the scheme's default port.
import { createHash } from "node:crypto";
import { z } from "zod";
import { basicSecretProblem, fail, readHeader, requireSecret, stringField } from "./common";
import { computeHmac, constantTimeEqual, decodeSignature, mismatchMessage, randomHex, secretKeys } from "./hmac";
import type { HeaderBag, SignatureScheme } from "./types";

export const twilioOptionsSchema = z.object({}).prefault({});
export type TwilioOptions = z.infer<typeof twilioOptionsSchema>;

const SIGNATURE_HEADER = "x-twilio-signature";
const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

function isForm(headers: HeaderBag): boolean {
  return FORM_TYPE.test(headers.get("content-type")?.trim() ?? "");
}

/** The form parameters as Twilio signs them: sorted by name; a repeated name's distinct values sorted too. */
export function twilioSignedParams(body: Buffer): string {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return [...grouped.keys()]
    .sort()
    .map((name) => {
      const values = grouped.get(name) ?? [];
      return values.length === 1 ? name + values[0] : [...new Set(values)].sort().map((value) => name + value).join("");
    })
    .join("");
}

/** The URL with and without the scheme's default port (Twilio may sign either), as typed otherwise. */
function urlCandidates(url: string): string[] {
  const match = /^(https?:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme = "", authority = "", rest = ""] = match;
  const portAt = authority.indexOf(":", authority.lastIndexOf("]") + 1);
  const host = portAt < 0 ? authority : authority.slice(0, portAt);
  const defaultPort = scheme.toLowerCase() === "https://" ? ":443" : ":80";
  return [...new Set([url, scheme + host + rest, scheme + host + defaultPort + rest])];
}

/** The hex SHA-256 Twilio puts in `bodySHA256` for a JSON body. */
export function twilioBodyHash(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

export const twilio: SignatureScheme<TwilioOptions> = {
  id: "twilio",
  label: "Twilio",
  verifies: true,
  optionsSchema: twilioOptionsSchema,
  usesTimestamp: false,
  secretOrigin: "provider",
  secretHint:
    "Paste the Auth Token of the Twilio account (or subaccount) that sends the webhooks: Console → Account → API keys & tokens → Auth Token. Twilio signs with it; after rotating it there, rotate it here too.",
  setupHelp: {
    headers: ["X-Twilio-Signature", "I-Twilio-Idempotency-Token"],
    steps: [
      "In the Twilio Console open the phone number, Messaging Service or TwiML App whose webhooks should come here.",
      "Paste this source's URL exactly as shown (it is built from APP_URL, Switchyard's public address) as the webhook URL, method HTTP POST. Twilio signs the URL it requests, so it must be the same URL, character for character: the same scheme, host, port and query string.",
      "Paste the account's Auth Token here as the secret.",
    ],
  },
  generateSecret: () => randomHex(16),
  checkSecret: basicSecretProblem,

  verify: ({ rawBody, headers, secrets, url }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);
    const header = readHeader(headers, SIGNATURE_HEADER);
    if (header === null) return fail("missing_signature", "The X-Twilio-Signature header is missing.");
    const decoded = decodeSignature(header, "base64", "sha1");
    if (!decoded.ok) return fail("malformed_signature", `The X-Twilio-Signature signature ${decoded.problem}.`);
    if (!url) return fail("missing_header", "Twilio signs the URL it requested, and the receiver was not given it.");

    let signedParams = "";
    if (isForm(headers)) signedParams = twilioSignedParams(rawBody);
    else {
      // Not a form: the body's hash travels in the signed URL.
      const claimed = new URL(url).searchParams.get("bodySHA256");
      if (claimed === null) {
        return fail("missing_header", "A body that is not a form must come with Twilio's bodySHA256 query parameter in the URL, and it is missing.");
      }
      if (!constantTimeEqual(claimed.toLowerCase(), twilioBodyHash(rawBody))) {
        return fail("signature_mismatch", "The body's SHA-256 does not match the bodySHA256 query parameter: the body was changed on the way.");
      }
    }
    for (const { index, key } of keys.keys) {
      let matched = false;
      for (const candidate of urlCandidates(url)) {
        if (constantTimeEqual(computeHmac("sha1", key, [candidate, signedParams]), decoded.bytes)) matched = true;
      }
      if (matched) return { ok: true, secretIndex: index };
    }
    return fail("signature_mismatch", `${mismatchMessage("X-Twilio-Signature signature", keys.keys.length)} Twilio signs the URL too: it must be this source's URL exactly as pasted in Twilio (APP_URL).`);
  },

  sign: ({ rawBody, secret, url, contentType }) => {
    requireSecret(secret);
    if (!url) throw new Error("Twilio signs the URL: sign() needs it.");
    const form = FORM_TYPE.test(contentType ?? "");
    return { "x-twilio-signature": computeHmac("sha1", secret, [url, form ? twilioSignedParams(rawBody) : ""]).toString("base64") };
  },

  signedUrl: ({ url, rawBody, contentType }) => {
    if (FORM_TYPE.test(contentType ?? "")) return url;
    const withHash = new URL(url);
    withHash.searchParams.set("bodySHA256", twilioBodyHash(rawBody));
    return withHash.toString();
  },

  dedupeKey: ({ headers }) => readHeader(headers, "i-twilio-idempotency-token"),
  eventType: ({ json }) => stringField(json, "SmsStatus") ?? stringField(json, "MessageStatus") ?? stringField(json, "CallStatus") ?? stringField(json, "type"),

  sampleBody: () => ({
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({
      AccountSid: "AC0123456789abcdef0123456789abcdef",
      ApiVersion: "2010-04-01",
      Body: "The printer is on fire",
      From: "+15005550006",
      MessageSid: `SM${randomHex(16)}`,
      NumMedia: "0",
      SmsStatus: "received",
      To: "+15005550001",
    }).toString(),
  }),
  samplePayload: () => ({ SmsStatus: "received", Body: "The printer is on fire", From: "+15005550006", To: "+15005550001" }),
};
