// Standard Webhooks and Svix: the published example used by both projects' libraries, and interop
// with the official `standardwebhooks` and `svix` Webhook classes in both directions.
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import { standardWebhooks } from "./standard-webhooks";
import { svix } from "./svix";
import { bytes, expectFailure, expectOk, headersOf } from "@/lib/testing/signature-fixtures";

// Standard Webhooks spec repo, libraries/javascript/src/webhook.test.ts "sign function works"
// (the same values appear in Svix's docs).
const DOC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const DOC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const DOC_TIMESTAMP = "1614265330";
const DOC_PAYLOAD = '{"test": 2432232314}';
const DOC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const DOC_NOW = new Date(Number(DOC_TIMESTAMP) * 1000);

const FAMILIES = [
  { scheme: standardWebhooks, id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" },
  { scheme: svix, id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" },
] as const;

describe.each(FAMILIES)("$scheme.id: published example", ({ scheme, id, timestamp, signature }) => {
  const headers = (sig: string | null = DOC_SIGNATURE, extra: Record<string, string> = {}) =>
    headersOf({ [id]: DOC_ID, [timestamp]: DOC_TIMESTAMP, ...(sig === null ? {} : { [signature]: sig }), ...extra });
  const verify = (h: Headers, secrets: string[], payload = DOC_PAYLOAD, now = DOC_NOW) =>
    scheme.verify({ rawBody: bytes(payload), headers: h, secrets, options: {}, now });
  const other = `v1,${Buffer.alloc(32, 7).toString("base64")}`;

  it("verifies the published signature, with or without the whsec_ prefix", () => {
    expectOk(verify(headers(), [DOC_SECRET]), 0);
    expectOk(verify(headers(), [DOC_SECRET.slice("whsec_".length)]), 0);
  });

  it("signs exactly the published signature", () => {
    expect(
      scheme.sign({ rawBody: bytes(DOC_PAYLOAD), secret: DOC_SECRET, options: {}, now: DOC_NOW, id: DOC_ID }),
    ).toEqual({
      [id]: DOC_ID,
      [timestamp]: DOC_TIMESTAMP,
      [signature]: DOC_SIGNATURE,
    });
  });

  it.each([
    {
      name: "several signatures, one valid (with v2 and a wrong v1)",
      sig: `${other} v2,${other.slice(3)} ${DOC_SIGNATURE} ${other}`,
      code: null,
    },
    {
      name: "unknown versions ignored (v1a, v2)",
      sig: `v1a,${DOC_SIGNATURE.slice(3)} v2,abc ${DOC_SIGNATURE}`,
      code: null,
    },
    { name: "only v2", sig: `v2,${DOC_SIGNATURE.slice(3)}`, code: "unsupported_version" },
    { name: "only v1a", sig: `v1a,${DOC_SIGNATURE.slice(3)}`, code: "unsupported_version" },
    { name: "wrong v1 only", sig: other, code: "signature_mismatch" },
    { name: "truncated", sig: DOC_SIGNATURE.slice(0, 8), code: "malformed_signature" },
    { name: "empty v1", sig: "v1,", code: "malformed_signature" },
    { name: "not a list of pairs", sig: "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", code: "malformed_signature" },
    { name: "missing signature header", sig: null, code: "missing_signature" },
  ] as const)("$name", ({ sig, code }) => {
    const result = verify(headers(sig), [DOC_SECRET]);
    if (code === null) expectOk(result, 0);
    else expectFailure(result, code);
  });

  it.each([
    { name: "tampered body", payload: '{"test": 2432232315}', secrets: [DOC_SECRET], code: "signature_mismatch" },
    {
      name: "wrong secret",
      payload: DOC_PAYLOAD,
      secrets: ["whsec_" + Buffer.alloc(24, 1).toString("base64")],
      code: "signature_mismatch",
    },
    { name: "secret not base64", payload: DOC_PAYLOAD, secrets: ["whsec_not base64!"], code: "invalid_secret" },
  ] as const)("$name → $code", ({ payload, secrets, code }) => {
    expectFailure(verify(headers(), [...secrets], payload), code);
  });

  it("skips an unusable secret during rotation and reports the one that matched", () => {
    expectOk(verify(headers(), ["whsec_not base64!", DOC_SECRET]), 1);
    expectOk(verify(headers(), ["whsec_" + Buffer.alloc(24, 1).toString("base64"), DOC_SECRET]), 1);
  });

  it("needs the id and timestamp, which are signed", () => {
    const noId = headersOf({ [timestamp]: DOC_TIMESTAMP, [signature]: DOC_SIGNATURE });
    expectFailure(verify(noId, [DOC_SECRET]), "missing_header");
    const noTs = headersOf({ [id]: DOC_ID, [signature]: DOC_SIGNATURE });
    expectFailure(verify(noTs, [DOC_SECRET]), "missing_timestamp");
    expectFailure(verify(headers(DOC_SIGNATURE, { [timestamp]: "hello" }), [DOC_SECRET]), "invalid_timestamp");
    expectFailure(verify(headers(DOC_SIGNATURE, { [id]: "msg_other" }), [DOC_SECRET]), "signature_mismatch");
  });

  it("refuses the published message outside the replay window", () => {
    expectFailure(
      verify(headers(), [DOC_SECRET], DOC_PAYLOAD, new Date(DOC_NOW.getTime() + 301_000)),
      "timestamp_too_old",
    );
    expectFailure(
      verify(headers(), [DOC_SECRET], DOC_PAYLOAD, new Date(DOC_NOW.getTime() - 301_000)),
      "timestamp_in_future",
    );
  });

  it("dedupes on the message id and types by the body's type", () => {
    const h = headers();
    expect(scheme.dedupeKey({ headers: h, json: {} })).toBe(DOC_ID);
    expect(scheme.eventType({ headers: h, json: { type: "invoice.paid", data: {} } })).toBe("invoice.paid");
    expect(scheme.eventType({ headers: h, json: [] })).toBeNull();
  });
});

describe("interop with the official libraries (they check against the real clock)", () => {
  const payload = JSON.stringify({ type: "invoice.paid", data: { id: "inv_1", note: "Ωmega ✓" } });
  const now = new Date();

  it("standardwebhooks: verifies what the library signs, and the library verifies what we sign", () => {
    const secret = standardWebhooks.generateSecret();
    const lib = new StandardWebhook(secret);
    const msgId = "msg_2LJj0aIN8Mhu3LBc4NWsIEjBB5q";
    const signature = lib.sign(msgId, now, payload);
    const headers = {
      "webhook-id": msgId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signature,
    };
    expectOk(
      standardWebhooks.verify({
        rawBody: bytes(payload),
        headers: headersOf(headers),
        secrets: [secret],
        options: {},
        now,
      }),
      0,
    );

    const ours = standardWebhooks.sign({ rawBody: bytes(payload), secret, options: {}, now });
    expect(lib.verify(payload, ours)).toEqual(JSON.parse(payload));
    expect(() => new StandardWebhook(standardWebhooks.generateSecret()).verify(payload, ours)).toThrow();
  });

  it("svix: verifies what the library signs, and the library verifies what we sign", () => {
    const secret = svix.generateSecret();
    const lib = new SvixWebhook(secret);
    const msgId = "msg_2LJj0aIN8Mhu3LBc4NWsIEjBB5r";
    const signature = lib.sign(msgId, now, payload);
    const headers = {
      "svix-id": msgId,
      "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
      "svix-signature": signature,
    };
    expectOk(
      svix.verify({
        rawBody: bytes(payload),
        headers: headersOf(headers),
        secrets: ["whsec_" + Buffer.alloc(24, 3).toString("base64"), secret],
        options: {},
        now,
      }),
      1,
    );

    const ours = svix.sign({ rawBody: bytes(payload), secret, options: {}, now });
    expect(Object.keys(ours).sort()).toEqual(["svix-id", "svix-signature", "svix-timestamp"]);
    expect(() => lib.verify(payload, ours)).not.toThrow();
    expect(() => lib.verify(payload.replace("inv_1", "inv_2"), ours)).toThrow();
  });
});

describe("header families", () => {
  const headers = { "webhook-id": DOC_ID, "webhook-timestamp": DOC_TIMESTAMP, "webhook-signature": DOC_SIGNATURE };
  const svixHeaders = { "svix-id": DOC_ID, "svix-timestamp": DOC_TIMESTAMP, "svix-signature": DOC_SIGNATURE };
  const run = (scheme: typeof svix, h: Record<string, string>) =>
    scheme.verify({
      rawBody: bytes(DOC_PAYLOAD),
      headers: headersOf(h),
      secrets: [DOC_SECRET],
      options: {},
      now: DOC_NOW,
    });

  it("svix also accepts the unbranded webhook-* names, as the svix library does", () => {
    expectOk(run(svix, headers), 0);
    expect(svix.dedupeKey({ headers: headersOf(headers), json: null })).toBe(DOC_ID);
  });

  it("standard-webhooks does not read svix-* headers", () => {
    expectFailure(run(standardWebhooks, svixHeaders), "missing_signature");
  });

  it("checks secrets pasted into the form", () => {
    expect(svix.checkSecret(DOC_SECRET)).toBeNull();
    expect(svix.checkSecret("whsec_***")).toMatch(/base64/);
    expect(standardWebhooks.generateSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  });
});
