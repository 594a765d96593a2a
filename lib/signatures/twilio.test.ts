// Twilio's scheme against signatures made by Twilio's own helper library (`twilio`, pinned), both
// ways: what Twilio signs verifies here, and what sign() makes Twilio's validator accepts.
import twilioLibrary from "twilio";
import { describe, expect, it } from "vitest";
import { twilio, twilioBodyHash } from "./twilio";

const { getExpectedBodyHash, getExpectedTwilioSignature, validateRequest, validateRequestWithBody } = twilioLibrary;

const AUTH_TOKEN = "12345f6789abcdef0123456789abcdef";
const URL_SIGNED = "https://hooks.example.com/in/src_9a8b7c6d5e4f?tenant=acme";
const FORM = "application/x-www-form-urlencoded";
const now = new Date();
const options = twilio.optionsSchema.parse(undefined);

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

function verify(init: { body: string; contentType: string; signature?: string; url?: string; secrets?: string[] }) {
  return twilio.verify({
    rawBody: Buffer.from(init.body),
    headers: headers({ "content-type": init.contentType, ...(init.signature === undefined ? {} : { "x-twilio-signature": init.signature }) }),
    secrets: init.secrets ?? [AUTH_TOKEN],
    options,
    now,
    ...(init.url === undefined ? {} : { url: init.url }),
  });
}

const params = { To: "+15005550001", From: "+15005550006", Body: "Hello, it's the printer: 100% on fire & smoking", MessageSid: "SM0123", NumMedia: "0", AccountSid: "AC42" };
const formBody = new URLSearchParams(params).toString();

describe("twilio: form bodies", () => {
  it("verifies a signature Twilio's library makes over the URL and the sorted parameters", () => {
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, URL_SIGNED, params);
    expect(verify({ body: formBody, contentType: FORM, signature, url: URL_SIGNED })).toEqual({ ok: true, secretIndex: 0 });
    // During a rotation, the second of two tokens.
    expect(verify({ body: formBody, contentType: `${FORM}; charset=utf-8`, signature, url: URL_SIGNED, secrets: ["old-token", AUTH_TOKEN] })).toEqual({ ok: true, secretIndex: 1 });
  });

  it("verifies repeated parameters as Twilio signs them (distinct values, sorted)", () => {
    const repeated = { MediaUrl: ["https://b.example/2.jpg", "https://a.example/1.jpg"], To: "+15005550001" };
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, URL_SIGNED, repeated);
    const body = "MediaUrl=https%3A%2F%2Fb.example%2F2.jpg&To=%2B15005550001&MediaUrl=https%3A%2F%2Fa.example%2F1.jpg";
    expect(verify({ body, contentType: FORM, signature, url: URL_SIGNED }).ok).toBe(true);
  });

  it("accepts the URL signed with the default port written out, as Twilio's validator does", () => {
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, "https://hooks.example.com:443/in/src_9a8b7c6d5e4f?tenant=acme", params);
    expect(verify({ body: formBody, contentType: FORM, signature, url: URL_SIGNED }).ok).toBe(true);
  });

  it("signs so that twilio.validateRequest accepts it", () => {
    const signed = twilio.sign({ rawBody: Buffer.from(formBody), secret: AUTH_TOKEN, options, now, url: URL_SIGNED, contentType: FORM });
    expect(validateRequest(AUTH_TOKEN, signed["x-twilio-signature"] ?? "", URL_SIGNED, params)).toBe(true);
    expect(validateRequest("another-token", signed["x-twilio-signature"] ?? "", URL_SIGNED, params)).toBe(false);
  });

  it("refuses a changed parameter, another URL, another token, a missing or malformed header, and no URL", () => {
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, URL_SIGNED, params);
    const changed = new URLSearchParams({ ...params, Body: "Hello" }).toString();
    expect(verify({ body: changed, contentType: FORM, signature, url: URL_SIGNED })).toMatchObject({ ok: false, code: "signature_mismatch" });
    // The URL the request was sent to matters: another scheme, host, path or query does not verify.
    for (const url of ["http://hooks.example.com/in/src_9a8b7c6d5e4f?tenant=acme", "https://internal:3000/in/src_9a8b7c6d5e4f?tenant=acme", "https://hooks.example.com/in/src_9a8b7c6d5e4f"]) {
      expect(verify({ body: formBody, contentType: FORM, signature, url }), url).toMatchObject({ ok: false, code: "signature_mismatch" });
    }
    expect(verify({ body: formBody, contentType: FORM, signature, url: URL_SIGNED, secrets: ["not-the-token"] })).toMatchObject({ ok: false, code: "signature_mismatch" });
    expect(verify({ body: formBody, contentType: FORM, url: URL_SIGNED })).toMatchObject({ ok: false, code: "missing_signature" });
    expect(verify({ body: formBody, contentType: FORM, signature: "not base64!", url: URL_SIGNED })).toMatchObject({ ok: false, code: "malformed_signature" });
    expect(verify({ body: formBody, contentType: FORM, signature })).toMatchObject({ ok: false, code: "missing_header" });
    expect(verify({ body: formBody, contentType: FORM, signature, url: URL_SIGNED, secrets: [] })).toMatchObject({ ok: false, code: "no_secret" });
  });
});

describe("twilio: JSON bodies (the bodySHA256 variant)", () => {
  const json = JSON.stringify({ type: "com.twilio.messaging.message.delivered", data: { messageSid: "SM0123" } });
  const urlWithHash = `${URL_SIGNED}&bodySHA256=${getExpectedBodyHash(json)}`;

  it("verifies Twilio's signature over the URL with the body's hash, and checks the hash", () => {
    expect(twilioBodyHash(Buffer.from(json))).toBe(getExpectedBodyHash(json));
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, urlWithHash, {});
    expect(verify({ body: json, contentType: "application/json", signature, url: urlWithHash })).toEqual({ ok: true, secretIndex: 0 });
    // The same signature with a body that is not the hashed one.
    expect(verify({ body: json.replace("SM0123", "SM9999"), contentType: "application/json", signature, url: urlWithHash })).toMatchObject({ ok: false, code: "signature_mismatch" });
    // Without bodySHA256 in the URL, a JSON body is not signed at all.
    const bare = getExpectedTwilioSignature(AUTH_TOKEN, URL_SIGNED, {});
    expect(verify({ body: json, contentType: "application/json", signature: bare, url: URL_SIGNED })).toMatchObject({ ok: false, code: "missing_header" });
  });

  it("signs (URL with bodySHA256, then the signature) so that twilio.validateRequestWithBody accepts it", () => {
    const url = twilio.signedUrl?.({ url: URL_SIGNED, rawBody: Buffer.from(json), contentType: "application/json" }) ?? "";
    expect(new URL(url).searchParams.get("bodySHA256")).toBe(getExpectedBodyHash(json));
    const signed = twilio.sign({ rawBody: Buffer.from(json), secret: AUTH_TOKEN, options, now, url, contentType: "application/json" });
    expect(validateRequestWithBody(AUTH_TOKEN, signed["x-twilio-signature"] ?? "", url, json)).toBe(true);
    expect(validateRequestWithBody(AUTH_TOKEN, signed["x-twilio-signature"] ?? "", url, `${json} `)).toBe(false);
  });
});

