// Conformance: every verifying scheme, through the registry's erased (options: unknown) view, must
// round-trip sign() → verify(), refuse tampering, wrong secrets, truncation and missing headers,
// report the matching secret's index during a rotation, and enforce the replay window both ways.
// Provider vectors and official-library interop live in the per-scheme test files.
import { describe, expect, it } from "vitest";
import { findScheme, getScheme, parseSchemeOptions, schemeList, schemes } from "./registry";
import { bytes, expectFailure, expectOk, headersOf, NOW, secondsFrom } from "@/lib/testing/signature-fixtures";
import { SCHEME_IDS, type SchemeId, type VerificationFailureCode } from "./types";

interface ConformanceCase {
  id: Exclude<SchemeId, "none">;
  options: unknown;
  /** Header holding the signature/credential, for the truncation case. */
  signatureHeader: string;
  truncatedCode: VerificationFailureCode;
  /** False for basic-auth / api-key, which authenticate the sender but do not sign the body. */
  bodyBound: boolean;
  timestamped: boolean;
  /** eventType() of samplePayload() as signed by sign(). */
  sampleEventType: string | null;
  sampleHasDedupeKey: boolean;
}

const CASES: ConformanceCase[] = [
  {
    id: "stripe",
    options: {},
    signatureHeader: "stripe-signature",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: true,
    sampleEventType: "payment_intent.succeeded",
    sampleHasDedupeKey: true,
  },
  {
    id: "github",
    options: undefined,
    signatureHeader: "x-hub-signature-256",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: false,
    sampleEventType: "issues.opened",
    sampleHasDedupeKey: true,
  },
  {
    id: "shopify",
    options: {},
    signatureHeader: "x-shopify-hmac-sha256",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: false,
    sampleEventType: "orders/create",
    sampleHasDedupeKey: true,
  },
  {
    id: "slack",
    options: {},
    signatureHeader: "x-slack-signature",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: true,
    sampleEventType: "app_mention",
    sampleHasDedupeKey: true,
  },
  {
    id: "standard-webhooks",
    options: {},
    signatureHeader: "webhook-signature",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: true,
    sampleEventType: "contact.created",
    sampleHasDedupeKey: true,
  },
  {
    id: "svix",
    options: {},
    signatureHeader: "svix-signature",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: true,
    sampleEventType: "user.created",
    sampleHasDedupeKey: true,
  },
  {
    id: "zendesk",
    options: {},
    signatureHeader: "x-zendesk-webhook-signature",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: true,
    sampleEventType: "zen:event-type:ticket.created",
    sampleHasDedupeKey: true,
  },
  {
    id: "hmac",
    options: {},
    signatureHeader: "x-signature",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: false,
    sampleEventType: "order.created",
    sampleHasDedupeKey: false,
  },
  {
    id: "hmac",
    options: {
      header: "X-Acme-Signature",
      algorithm: "sha512",
      encoding: "base64",
      prefix: "v1=",
      timestampHeader: "X-Acme-Timestamp",
      template: "{timestamp}.{body}",
    },
    signatureHeader: "x-acme-signature",
    truncatedCode: "malformed_signature",
    bodyBound: true,
    timestamped: true,
    sampleEventType: "order.created",
    sampleHasDedupeKey: false,
  },
  {
    id: "basic-auth",
    options: {},
    signatureHeader: "authorization",
    truncatedCode: "signature_mismatch",
    bodyBound: false,
    timestamped: false,
    sampleEventType: "order.created",
    sampleHasDedupeKey: false,
  },
  {
    id: "api-key",
    options: { header: "Authorization", prefix: "Bearer " },
    signatureHeader: "authorization",
    truncatedCode: "signature_mismatch",
    bodyBound: false,
    timestamped: false,
    sampleEventType: "order.created",
    sampleHasDedupeKey: false,
  },
];

function schemeOf(id: SchemeId) {
  const scheme = findScheme(id);
  if (scheme === null) throw new Error(`no scheme ${id}`);
  return scheme;
}

const BODY = bytes('{"id":"evt_1","type":"thing.happened","amount":1000,"note":"naïve café ✓"}');

describe.each(CASES)("$id $options", (c) => {
  const scheme = schemeOf(c.id);
  const secretA = scheme.generateSecret();
  const secretB = scheme.generateSecret();
  const signed = (at: Date = NOW, secret = secretA, body = BODY) =>
    headersOf(scheme.sign({ rawBody: body, secret, options: c.options, now: at, id: "msg_conformance_1" }));
  const verify = (headers: Headers, secrets: string[], body = BODY, now = NOW, toleranceSeconds?: number) =>
    scheme.verify({ rawBody: body, headers, secrets, options: c.options, now, toleranceSeconds });

  it("generates secrets it accepts", () => {
    expect(secretA).not.toEqual(secretB);
    expect(scheme.checkSecret(secretA)).toBeNull();
  });

  it("verifies what it signs, reporting the secret and the timestamp", () => {
    const result = verify(signed(), [secretA]);
    expectOk(result, 0);
    if (result.ok && c.timestamped) expect(result.timestamp?.getTime()).toBe(NOW.getTime());
    if (result.ok && !c.timestamped) expect(result.timestamp).toBeUndefined();
  });

  it(c.bodyBound ? "refuses a tampered body" : "does not sign the body (credential only)", () => {
    const tampered = bytes('{"id":"evt_1","type":"thing.happened","amount":9999,"note":"naïve café ✓"}');
    const result = verify(signed(), [secretA], tampered);
    if (c.bodyBound) expectFailure(result, "signature_mismatch");
    else expectOk(result, 0);
  });

  it("refuses the wrong secret, without echoing the expected signature or the secret", () => {
    const headers = signed(NOW, secretB);
    const message = expectFailure(verify(headers, [secretA]), "signature_mismatch");
    const expected = signed(NOW, secretA).get(c.signatureHeader) ?? "";
    expect(expected).not.toBe("");
    expect(message).not.toContain(expected);
    for (const piece of expected.split(/[,= ]/).filter((p) => p.length >= 16)) expect(message).not.toContain(piece);
    expect(message).not.toContain(secretA);
  });

  it("tries every active secret and reports which one matched (rotation)", () => {
    expectOk(verify(signed(NOW, secretB), [secretA, secretB]), 1);
    expectOk(verify(signed(NOW, secretA), [secretA, secretB]), 0);
    // Empty entries are skipped but indexes still refer to the caller's list.
    expectOk(verify(signed(NOW, secretB), ["", secretB]), 1);
  });

  it("refuses when no secret is configured", () => {
    expectFailure(verify(signed(), []), "no_secret");
    expectFailure(verify(signed(), [""]), "no_secret");
  });

  it("reports a missing signature header", () => {
    const headers = signed();
    headers.delete(c.signatureHeader);
    expectFailure(verify(headers, [secretA]), "missing_signature");
    expectFailure(verify(headersOf({}), [secretA]), "missing_signature");
  });

  it("refuses a truncated signature", () => {
    const headers = signed();
    const value = headers.get(c.signatureHeader) ?? "";
    headers.set(c.signatureHeader, value.slice(0, -4));
    expectFailure(verify(headers, [secretA]), c.truncatedCode);
  });

  it("enforces the replay window in both directions", () => {
    const stale = signed(secondsFrom(NOW, -360));
    const future = signed(secondsFrom(NOW, 360));
    const edge = signed(secondsFrom(NOW, -299));
    if (!c.timestamped) {
      // Nothing to check: the signature does not carry a time.
      expectOk(verify(stale, [secretA]), 0);
      return;
    }
    expect(scheme.usesTimestamp).toBe(true);
    const old = expectFailure(verify(stale, [secretA]), "timestamp_too_old");
    expect(old).toMatch(/360 s old, 60 s beyond the 300 s tolerance/);
    const ahead = expectFailure(verify(future, [secretA]), "timestamp_in_future");
    expect(ahead).toMatch(/360 s in the future/);
    expectOk(verify(edge, [secretA]), 0);
    // The tolerance is per call.
    expectOk(verify(stale, [secretA], BODY, NOW, 600), 0);
    expectFailure(verify(edge, [secretA], BODY, NOW, 60), "timestamp_too_old");
  });

  it("labels its own sample event", () => {
    const sample = scheme.samplePayload();
    const body = bytes(JSON.stringify(sample));
    const headers = signed(NOW, secretA, body);
    expectOk(verify(headers, [secretA], body), 0);
    const json: unknown = JSON.parse(body.toString("utf8"));
    expect(scheme.eventType({ headers, json })).toBe(c.sampleEventType);
    const key = scheme.dedupeKey({ headers, json });
    if (c.sampleHasDedupeKey) expect(key).toEqual(expect.any(String));
    else expect(key).toBeNull();
  });

  it("verifies the raw bytes, not a re-serialisation", () => {
    const pretty = bytes(JSON.stringify(JSON.parse(BODY.toString("utf8")), null, 2));
    const result = verify(signed(), [secretA], pretty);
    if (c.bodyBound) expectFailure(result, "signature_mismatch");
    // Bytes that are not valid UTF-8 survive: they are never decoded to a string.
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b]);
    expectOk(verify(signed(NOW, secretA, binary), [secretA], binary), 0);
  });
});

describe("registry", () => {
  it("has every scheme id, keyed by its own id, in display order", () => {
    expect(Object.keys(schemes).sort()).toEqual([...SCHEME_IDS].sort());
    for (const id of SCHEME_IDS) expect(schemes[id].id).toBe(id);
    expect(schemeList.map((s) => s.id)).toEqual([...SCHEME_IDS]);
  });

  it("marks only `none` as unverified", () => {
    for (const scheme of schemeList) expect(scheme.verifies).toBe(scheme.id !== "none");
    const none = getScheme("none");
    expect(none.verify({ rawBody: BODY, headers: headersOf({}), secrets: [], options: {}, now: NOW })).toEqual({
      ok: true,
      secretIndex: null,
    });
    expect(none.sign({ rawBody: BODY, secret: "", options: {}, now: NOW })).toEqual({});
  });

  it("gives defaults for absent options and help text for every scheme", () => {
    for (const scheme of schemeList) {
      expect(() => scheme.optionsSchema.parse(undefined)).not.toThrow();
      expect(scheme.label).not.toBe("");
      expect(scheme.secretHint).not.toBe("");
      expect(scheme.setupHelp.steps.length).toBeGreaterThan(0);
      if (scheme.verifies) expect(scheme.setupHelp.headers.length).toBeGreaterThan(0);
    }
    expect(getScheme("api-key").optionsSchema.parse(undefined)).toEqual({ header: "x-api-key", prefix: "" });
    expect(getScheme("hmac").optionsSchema.parse({})).toEqual({
      header: "x-signature",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "",
      timestampFormat: "auto",
      template: "{body}",
    });
  });

  it("finds schemes by runtime id", () => {
    expect(findScheme("stripe")?.id).toBe("stripe");
    expect(findScheme("Stripe")).toBeNull();
    expect(findScheme("toString")).toBeNull();
  });

  it("refuses invalid options with invalid_options instead of throwing", () => {
    const hmac = schemeOf("hmac");
    const result = hmac.verify({
      rawBody: BODY,
      headers: headersOf({ "x-signature": "00" }),
      secrets: ["s"],
      options: { algorithm: "md5" },
      now: NOW,
    });
    const message = expectFailure(result, "invalid_options");
    expect(message).toMatch(/algorithm/);
    expect(() => hmac.sign({ rawBody: BODY, secret: "s", options: { template: "{nobody}" }, now: NOW })).toThrow(
      /placeholder/,
    );
  });

  it("validates stored options and fills in defaults", () => {
    expect(parseSchemeOptions("api-key", { header: "Authorization", prefix: "Bearer " })).toEqual({
      ok: true,
      options: { header: "Authorization", prefix: "Bearer " },
    });
    expect(parseSchemeOptions("api-key", { header: "bad header" })).toMatchObject({ ok: false });
    expect(parseSchemeOptions("stripe", { leftover: true })).toEqual({ ok: true, options: {} });
  });

  it("answers Slack's url_verification handshake only for that body", () => {
    const slack = getScheme("slack");
    expect(slack.handshake?.({ type: "url_verification", challenge: "abc", token: "x" })).toEqual({
      status: 200,
      body: { challenge: "abc" },
    });
    expect(slack.handshake?.({ type: "event_callback" })).toBeNull();
    for (const scheme of schemeList) if (scheme.id !== "slack") expect(scheme.handshake).toBeUndefined();
  });
});
