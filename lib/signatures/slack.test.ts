// Slack: the worked example from Slack's "Verifying requests from Slack" docs, the replay window,
// versions, and the url_verification handshake (answered only after the signature checked out).
import { describe, expect, it } from "vitest";
import { slack } from "./slack";
import { bytes, expectFailure, expectOk, headersOf, NOW } from "@/lib/testing/signature-fixtures";

// Slack docs → Authentication → Verifying requests from Slack (a slash-command body).
const DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const DOC_TIMESTAMP = "1531420618";
const DOC_BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const DOC_NOW = new Date(Number(DOC_TIMESTAMP) * 1000 + 30_000);

const docHeaders = (overrides: Record<string, string | null> = {}) => {
  const all: Record<string, string | null> = {
    "X-Slack-Signature": DOC_SIGNATURE,
    "X-Slack-Request-Timestamp": DOC_TIMESTAMP,
    ...overrides,
  };
  return headersOf(Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null)));
};

const verify = (headers: Headers, secrets: string[], body = DOC_BODY, now = DOC_NOW, toleranceSeconds?: number) =>
  slack.verify({ rawBody: bytes(body), headers, secrets, options: {}, now, toleranceSeconds });

describe("slack: published example", () => {
  it("verifies the documented request and reports its timestamp", () => {
    const result = verify(docHeaders(), [DOC_SECRET]);
    expectOk(result, 0);
    expect(result.ok && result.timestamp?.toISOString()).toBe("2018-07-12T18:36:58.000Z");
  });

  it("signs exactly the documented signature", () => {
    const headers = slack.sign({
      rawBody: bytes(DOC_BODY),
      secret: DOC_SECRET,
      options: {},
      now: new Date(Number(DOC_TIMESTAMP) * 1000),
    });
    expect(headers).toEqual({ "x-slack-signature": DOC_SIGNATURE, "x-slack-request-timestamp": DOC_TIMESTAMP });
  });

  it.each([
    {
      name: "tampered body",
      headers: docHeaders(),
      body: DOC_BODY.replace("foobar", "foobaz"),
      secrets: [DOC_SECRET],
      code: "signature_mismatch",
    },
    {
      name: "wrong secret",
      headers: docHeaders(),
      body: DOC_BODY,
      secrets: ["8f742231b10e8888abcd99yyyzzz85a6"],
      code: "signature_mismatch",
    },
    {
      name: "timestamp changed (it is signed)",
      headers: docHeaders({ "X-Slack-Request-Timestamp": "1531420619" }),
      body: DOC_BODY,
      secrets: [DOC_SECRET],
      code: "signature_mismatch",
    },
    {
      name: "truncated",
      headers: docHeaders({ "X-Slack-Signature": DOC_SIGNATURE.slice(0, -8) }),
      body: DOC_BODY,
      secrets: [DOC_SECRET],
      code: "malformed_signature",
    },
    {
      name: "missing signature",
      headers: docHeaders({ "X-Slack-Signature": null }),
      body: DOC_BODY,
      secrets: [DOC_SECRET],
      code: "missing_signature",
    },
    {
      name: "missing timestamp",
      headers: docHeaders({ "X-Slack-Request-Timestamp": null }),
      body: DOC_BODY,
      secrets: [DOC_SECRET],
      code: "missing_timestamp",
    },
    {
      name: "non-numeric timestamp",
      headers: docHeaders({ "X-Slack-Request-Timestamp": "soon" }),
      body: DOC_BODY,
      secrets: [DOC_SECRET],
      code: "invalid_timestamp",
    },
    {
      name: "unknown version",
      headers: docHeaders({ "X-Slack-Signature": DOC_SIGNATURE.replace("v0=", "v1=") }),
      body: DOC_BODY,
      secrets: [DOC_SECRET],
      code: "unsupported_version",
    },
    {
      name: "no version",
      headers: docHeaders({ "X-Slack-Signature": DOC_SIGNATURE.slice(3) }),
      body: DOC_BODY,
      secrets: [DOC_SECRET],
      code: "malformed_signature",
    },
  ] as const)("$name → $code", ({ headers, body, secrets, code }) => {
    expectFailure(verify(headers, [...secrets], body), code);
  });

  it("refuses the documented request when replayed later, or when the clock is far behind", () => {
    const late = new Date(Number(DOC_TIMESTAMP) * 1000 + 301_000);
    expect(expectFailure(verify(docHeaders(), [DOC_SECRET], DOC_BODY, late), "timestamp_too_old")).toMatch(/301 s old/);
    const early = new Date(Number(DOC_TIMESTAMP) * 1000 - 301_000);
    expectFailure(verify(docHeaders(), [DOC_SECRET], DOC_BODY, early), "timestamp_in_future");
    expectOk(verify(docHeaders(), [DOC_SECRET], DOC_BODY, late, 3600), 0);
  });

  it("finds the right secret during rotation", () => {
    expectOk(verify(docHeaders(), ["0123456789abcdef0123456789abcdef", DOC_SECRET]), 1);
  });
});

describe("slack: Events API", () => {
  const SECRET = slack.generateSecret();
  const challengeBody = JSON.stringify({
    token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
    challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    type: "url_verification",
  });

  it("answers url_verification with the challenge once the request verified", () => {
    const headers = headersOf(slack.sign({ rawBody: bytes(challengeBody), secret: SECRET, options: {}, now: NOW }));
    const result = slack.verify({ rawBody: bytes(challengeBody), headers, secrets: [SECRET], options: {}, now: NOW });
    expectOk(result, 0);
    const json: unknown = JSON.parse(challengeBody);
    expect(slack.handshake?.(json)).toEqual({
      status: 200,
      body: { challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" },
    });
    expect(slack.eventType({ headers, json })).toBe("url_verification");
    expect(slack.dedupeKey({ headers, json })).toBeNull();
  });

  it.each([
    { json: { type: "event_callback", event: { type: "message" } } },
    { json: { type: "url_verification" } },
    { json: { type: "url_verification", challenge: 42 } },
    { json: "url_verification" },
    { json: null },
  ])("has no handshake for $json", ({ json }) => {
    expect(slack.handshake?.(json)).toBeNull();
  });

  it("types events by event.type and dedupes on event_id", () => {
    const json = {
      type: "event_callback",
      event_id: "Ev08MFMKH6",
      event: { type: "reaction_added", reaction: "tada" },
    };
    const headers = headersOf({ "X-Slack-Retry-Num": "1" });
    expect(slack.eventType({ headers, json })).toBe("reaction_added");
    expect(slack.dedupeKey({ headers, json })).toBe("Ev08MFMKH6");
    expect(slack.eventType({ headers, json: { type: "block_actions" } })).toBe("block_actions");
    expect(slack.eventType({ headers, json: undefined })).toBeNull();
  });
});
