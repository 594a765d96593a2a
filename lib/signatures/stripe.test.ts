// Stripe: interop with the official `stripe` library (generateTestHeaderString / constructEvent) both
// ways, secret rolls (several v1), ignored v0, and header edge cases. Stripe publishes no fixed vector.
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripe } from "./stripe";
import { bytes, expectFailure, expectOk, headersOf, NOW, secondsFrom } from "@/lib/testing/signature-fixtures";

const SECRET = "whsec_test_secret_for_switchyard_0123456789";
const NEW_SECRET = "whsec_rolled_secret_for_switchyard_9876543210";
const PAYLOAD = JSON.stringify(
  {
    id: "evt_1PqA2bC3dE4fG5hI",
    object: "event",
    type: "invoice.paid",
    data: { object: { id: "in_1", amount_paid: 4200, memo: "Grüße ✓" } },
  },
  null,
  2,
);
const T = Math.floor(NOW.getTime() / 1000);

const libHeader = (secret: string, timestamp = T, payload = PAYLOAD) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

const verify = (header: string | null, secrets: string[], payload = PAYLOAD, now = NOW) =>
  stripe.verify({
    rawBody: bytes(payload),
    headers: headersOf(header === null ? {} : { "Stripe-Signature": header }),
    secrets,
    options: {},
    now,
    toleranceSeconds: 300,
  });

const v1Of = (header: string) => header.split(",").find((p) => p.startsWith("v1=")) ?? "";

describe("stripe: signatures made by the official library", () => {
  it.each([
    { name: "valid", header: () => libHeader(SECRET), secrets: [SECRET], code: null },
    {
      name: "tampered body",
      header: () => libHeader(SECRET, T, PAYLOAD.replace("4200", "1")),
      secrets: [SECRET],
      code: "signature_mismatch",
    },
    { name: "wrong secret", header: () => libHeader(NEW_SECRET), secrets: [SECRET], code: "signature_mismatch" },
    {
      name: "stale (6 min old)",
      header: () => libHeader(SECRET, T - 360),
      secrets: [SECRET],
      code: "timestamp_too_old",
    },
    {
      name: "future (6 min ahead)",
      header: () => libHeader(SECRET, T + 360),
      secrets: [SECRET],
      code: "timestamp_in_future",
    },
    { name: "within tolerance (4 min old)", header: () => libHeader(SECRET, T - 240), secrets: [SECRET], code: null },
    {
      name: "truncated v1",
      header: () => libHeader(SECRET).slice(0, -2),
      secrets: [SECRET],
      code: "malformed_signature",
    },
    {
      name: "rotation, second secret matches",
      header: () => libHeader(NEW_SECRET),
      secrets: [SECRET, NEW_SECRET],
      code: null,
      index: 1,
    },
  ] as const)("$name", (row) => {
    const result = verify(row.header(), [...row.secrets]);
    if (row.code === null) expectOk(result, "index" in row ? row.index : 0);
    else expectFailure(result, row.code);
  });

  it("uses the whsec_ secret as UTF-8 text (not base64-decoded) over `{t}.{body}`", () => {
    const expected = createHmac("sha256", SECRET).update(`${T}.${PAYLOAD}`).digest("hex");
    expect(v1Of(libHeader(SECRET))).toBe(`v1=${expected}`);
    expect(stripe.sign({ rawBody: bytes(PAYLOAD), secret: SECRET, options: {}, now: NOW })).toEqual({
      "stripe-signature": `t=${T},v1=${expected}`,
    });
  });

  it("signs headers that stripe.webhooks.constructEvent accepts", () => {
    const headers = stripe.sign({ rawBody: bytes(PAYLOAD), secret: SECRET, options: {}, now: NOW });
    const event = Stripe.webhooks.constructEvent(
      PAYLOAD,
      headers["stripe-signature"] ?? "",
      SECRET,
      300,
      undefined,
      NOW.getTime(),
    );
    expect(event.id).toBe("evt_1PqA2bC3dE4fG5hI");
    expect(() =>
      Stripe.webhooks.constructEvent(
        PAYLOAD,
        headers["stripe-signature"] ?? "",
        NEW_SECRET,
        300,
        undefined,
        NOW.getTime(),
      ),
    ).toThrow();
  });
});

describe("stripe: header format", () => {
  const oldSig = v1Of(libHeader(SECRET));
  const newSig = v1Of(libHeader(NEW_SECRET));

  it("accepts several v1 signatures during a secret roll, whichever secret is active", () => {
    const rolled = `t=${T},${oldSig},${newSig}`;
    expectOk(verify(rolled, [NEW_SECRET]), 0);
    expectOk(verify(rolled, [SECRET]), 0);
    expectOk(verify(rolled, ["whsec_unrelated", NEW_SECRET]), 1);
    expectFailure(verify(rolled, ["whsec_unrelated"]), "signature_mismatch");
  });

  it("ignores v0 (and other schemes) next to v1", () => {
    const v0 = `v0=${"ab".repeat(32)}`;
    expectOk(verify(`t=${T},${v0},${oldSig}`, [SECRET]), 0);
    expectOk(verify(`t=${T},${oldSig},v2=whatever,${v0}`, [SECRET]), 0);
  });

  it("refuses a header with only v0 as an unsupported version", () => {
    const message = expectFailure(verify(`t=${T},v0=${"ab".repeat(32)}`, [SECRET]), "unsupported_version");
    expect(message).toMatch(/v0/);
  });

  it("signs with the v0 scheme via the library only when asked, which we then ignore", () => {
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: PAYLOAD,
      secret: SECRET,
      timestamp: T,
      scheme: "v0",
    });
    expectFailure(verify(header, [SECRET]), "unsupported_version");
  });

  it.each([
    { name: "missing header", header: null, code: "missing_signature" },
    { name: "no t=", header: `${"v1=" + "ab".repeat(32)}`, code: "missing_timestamp" },
    { name: "non-numeric t", header: `t=yesterday,v1=${"ab".repeat(32)}`, code: "invalid_timestamp" },
    { name: "two t=", header: `t=${T},t=${T + 1},v1=${"ab".repeat(32)}`, code: "malformed_signature" },
    { name: "no signature at all", header: `t=${T}`, code: "malformed_signature" },
    { name: "v1 not hex", header: `t=${T},v1=${"zz".repeat(32)}`, code: "malformed_signature" },
    { name: "garbage", header: "not a stripe header", code: "malformed_signature" },
  ] as const)("$name → $code", ({ header, code }) => {
    expectFailure(verify(header, [SECRET]), code);
  });

  it("checks the time against the caller's clock, not the process clock", () => {
    const header = libHeader(SECRET, T);
    expectOk(verify(header, [SECRET], PAYLOAD, secondsFrom(NOW, 299)), 0);
    expectFailure(verify(header, [SECRET], PAYLOAD, secondsFrom(NOW, 301)), "timestamp_too_old");
  });
});

describe("stripe: secrets, dedupe and event type", () => {
  it("flags secrets that are not webhook signing secrets", () => {
    expect(stripe.checkSecret(SECRET)).toBeNull();
    expect(stripe.checkSecret("sk_test_123")).toMatch(/whsec_/);
    expect(stripe.checkSecret(`${SECRET}\n`)).toMatch(/whitespace/);
    expect(stripe.generateSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  });

  it("takes the dedupe key and event type from the event body", () => {
    const json: unknown = JSON.parse(PAYLOAD);
    const headers = headersOf({});
    expect(stripe.dedupeKey({ headers, json })).toBe("evt_1PqA2bC3dE4fG5hI");
    expect(stripe.eventType({ headers, json })).toBe("invoice.paid");
    expect(stripe.dedupeKey({ headers, json: null })).toBeNull();
    expect(stripe.eventType({ headers, json: { type: 7 } })).toBeNull();
  });
});
