// Zendesk: base64 HMAC-SHA256 over `{timestamp}{body}` with an ISO-8601 timestamp header.
// Zendesk's webhook docs give the formula but no usable vector: the one sample found (on the
// event-connectors copy of the page) was computed over body + timestamp, contradicting the formula
// next to it. Expected values are therefore computed independently with node:crypto here.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bytes, expectFailure, expectOk, headersOf } from "@/lib/testing/signature-fixtures";
import { zendesk } from "./zendesk";

const SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="; // used as text, not decoded
const TIMESTAMP = "2024-01-01T00:00:00Z";
const NOW = new Date("2024-01-01T00:01:00Z");
const PAYLOAD =
  '{"type":"zen:event-type:ticket.created","id":"cbe4028c-7239-495d-b020-f22348516046","detail":{"subject":"Ünïcode ✓"}}';
const SIGNATURE = createHmac("sha256", SECRET)
  .update(TIMESTAMP + PAYLOAD)
  .digest("base64");

const headers = (overrides: Record<string, string | null> = {}) => {
  const all: Record<string, string | null> = {
    "X-Zendesk-Webhook-Signature": SIGNATURE,
    "X-Zendesk-Webhook-Signature-Timestamp": TIMESTAMP,
    ...overrides,
  };
  return headersOf(Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null)));
};
const verify = (h: Headers, secrets: string[], payload = PAYLOAD, now = NOW) =>
  zendesk.verify({ rawBody: bytes(payload), headers: h, secrets, options: {}, now });

describe("zendesk", () => {
  it("verifies base64(HMAC-SHA256(timestamp + body)) and returns the timestamp", () => {
    const result = verify(headers(), [SECRET]);
    expectOk(result, 0);
    expect(result.ok && result.timestamp?.toISOString()).toBe("2024-01-01T00:00:00.000Z");
  });

  it("signs the same value, with an ISO timestamp without milliseconds", () => {
    expect(
      zendesk.sign({ rawBody: bytes(PAYLOAD), secret: SECRET, options: {}, now: new Date("2024-01-01T00:00:00.789Z") }),
    ).toEqual({
      "x-zendesk-webhook-signature": SIGNATURE,
      "x-zendesk-webhook-signature-timestamp": TIMESTAMP,
    });
  });

  it.each([
    { name: "tampered body", h: headers(), payload: PAYLOAD.replace("Ünïcode", "Unicode"), code: "signature_mismatch" },
    {
      name: "timestamp changed (it is signed)",
      h: headers({ "X-Zendesk-Webhook-Signature-Timestamp": "2024-01-01T00:00:01Z" }),
      payload: PAYLOAD,
      code: "signature_mismatch",
    },
    {
      name: "body + timestamp order",
      h: headers({
        "X-Zendesk-Webhook-Signature": createHmac("sha256", SECRET)
          .update(PAYLOAD + TIMESTAMP)
          .digest("base64"),
      }),
      payload: PAYLOAD,
      code: "signature_mismatch",
    },
    {
      name: "truncated",
      h: headers({ "X-Zendesk-Webhook-Signature": SIGNATURE.slice(0, 20) }),
      payload: PAYLOAD,
      code: "malformed_signature",
    },
    {
      name: "missing signature",
      h: headers({ "X-Zendesk-Webhook-Signature": null }),
      payload: PAYLOAD,
      code: "missing_signature",
    },
    {
      name: "missing timestamp",
      h: headers({ "X-Zendesk-Webhook-Signature-Timestamp": null }),
      payload: PAYLOAD,
      code: "missing_timestamp",
    },
    {
      name: "unix timestamp instead of ISO",
      h: headers({ "X-Zendesk-Webhook-Signature-Timestamp": "1704067200" }),
      payload: PAYLOAD,
      code: "invalid_timestamp",
    },
    {
      name: "date without time",
      h: headers({ "X-Zendesk-Webhook-Signature-Timestamp": "2024-01-01" }),
      payload: PAYLOAD,
      code: "invalid_timestamp",
    },
  ] as const)("$name → $code", ({ h, payload, code }) => {
    expectFailure(verify(h, [SECRET], payload), code);
  });

  it("refuses the wrong secret and finds the right one during rotation", () => {
    expectFailure(verify(headers(), ["another-secret"]), "signature_mismatch");
    expectOk(verify(headers(), ["another-secret", SECRET]), 1);
  });

  it("applies the replay window to the ISO timestamp", () => {
    expectFailure(verify(headers(), [SECRET], PAYLOAD, new Date("2024-01-01T00:05:01Z")), "timestamp_too_old");
    expectFailure(verify(headers(), [SECRET], PAYLOAD, new Date("2023-12-31T23:54:59Z")), "timestamp_in_future");
    expectOk(verify(headers(), [SECRET], PAYLOAD, new Date("2023-12-31T23:55:00Z")), 0);
  });

  it("accepts ISO timestamps with fractions and offsets, signed as sent", () => {
    for (const ts of ["2024-01-01T01:00:00.123+01:00", "2024-01-01T00:00:00.000000Z"]) {
      const sig = createHmac("sha256", SECRET)
        .update(ts + PAYLOAD)
        .digest("base64");
      const h = headers({ "X-Zendesk-Webhook-Signature": sig, "X-Zendesk-Webhook-Signature-Timestamp": ts });
      expectOk(verify(h, [SECRET]), 0);
    }
  });

  it("types by the body's type and dedupes only event-subscription payloads on their id", () => {
    const h = headersOf({});
    const event = JSON.parse(PAYLOAD) as unknown;
    expect(zendesk.eventType({ headers: h, json: event })).toBe("zen:event-type:ticket.created");
    expect(zendesk.dedupeKey({ headers: h, json: event })).toBe("cbe4028c-7239-495d-b020-f22348516046");
    // A trigger webhook's hand-written body: its "id" is a ticket id, not an event id.
    expect(zendesk.dedupeKey({ headers: h, json: { id: "35436", status: "open" } })).toBeNull();
    expect(zendesk.eventType({ headers: h, json: { id: "35436" } })).toBeNull();
  });
});
