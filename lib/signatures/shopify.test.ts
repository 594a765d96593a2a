// Shopify: base64 HMAC-SHA256 over the raw body. Shopify publishes no fixed test vector and its
// official library is not a dependency here, so the expected values are computed independently with
// node:crypto in the test itself.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { shopify } from "./shopify";
import { bytes, expectFailure, expectOk, headersOf, NOW } from "@/lib/testing/signature-fixtures";

const SECRET = "shpss_0123456789abcdef0123456789abcdef";
const PAYLOAD = '{"id":820982911946154508,"email":"jon@example.com","note":"crème brûlée"}';
const EXPECTED = createHmac("sha256", SECRET).update(Buffer.from(PAYLOAD, "utf8")).digest("base64");

const verify = (headers: Record<string, string | undefined>, secrets: string[], payload = PAYLOAD) =>
  shopify.verify({ rawBody: bytes(payload), headers: headersOf(headers), secrets, options: {}, now: NOW });

describe("shopify", () => {
  it.each([
    { name: "valid", headers: { "X-Shopify-Hmac-Sha256": EXPECTED }, secrets: [SECRET], payload: PAYLOAD, code: null },
    {
      name: "valid without base64 padding",
      headers: { "X-Shopify-Hmac-Sha256": EXPECTED.replace(/=+$/, "") },
      secrets: [SECRET],
      payload: PAYLOAD,
      code: null,
    },
    {
      name: "rotation",
      headers: { "X-Shopify-Hmac-Sha256": EXPECTED },
      secrets: ["old", SECRET],
      payload: PAYLOAD,
      code: null,
      index: 1,
    },
    {
      name: "tampered body",
      headers: { "X-Shopify-Hmac-Sha256": EXPECTED },
      secrets: [SECRET],
      payload: PAYLOAD.replace("jon", "jan"),
      code: "signature_mismatch",
    },
    {
      name: "wrong secret",
      headers: { "X-Shopify-Hmac-Sha256": EXPECTED },
      secrets: ["shpss_other"],
      payload: PAYLOAD,
      code: "signature_mismatch",
    },
    {
      name: "truncated",
      headers: { "X-Shopify-Hmac-Sha256": EXPECTED.slice(0, 40) },
      secrets: [SECRET],
      payload: PAYLOAD,
      code: "malformed_signature",
    },
    {
      name: "hex instead of base64",
      headers: { "X-Shopify-Hmac-Sha256": createHmac("sha256", SECRET).update(PAYLOAD).digest("hex") },
      secrets: [SECRET],
      payload: PAYLOAD,
      code: "malformed_signature",
    },
    { name: "missing header", headers: {}, secrets: [SECRET], payload: PAYLOAD, code: "missing_signature" },
  ] as const)("$name", (row) => {
    const result = verify({ ...row.headers }, [...row.secrets], row.payload);
    if (row.code === null) expectOk(result, "index" in row ? row.index : 0);
    else expectFailure(result, row.code);
  });

  it("signs the same value node:crypto computes, plus topic and webhook id", () => {
    expect(
      shopify.sign({
        rawBody: bytes(PAYLOAD),
        secret: SECRET,
        options: {},
        now: NOW,
        id: "wh-1",
        eventType: "orders/paid",
      }),
    ).toMatchObject({
      "x-shopify-hmac-sha256": EXPECTED,
      "x-shopify-topic": "orders/paid",
      "x-shopify-webhook-id": "wh-1",
    });
  });

  it("dedupes on X-Shopify-Webhook-Id and types by X-Shopify-Topic", () => {
    const headers = headersOf({
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    });
    expect(shopify.eventType({ headers, json: {} })).toBe("orders/create");
    expect(shopify.dedupeKey({ headers, json: {} })).toBe("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    expect(shopify.eventType({ headers: headersOf({}), json: { type: "x" } })).toBeNull();
    expect(shopify.dedupeKey({ headers: headersOf({}), json: { id: 1 } })).toBeNull();
  });
});
