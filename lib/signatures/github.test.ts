// GitHub: the example from GitHub's "Validating webhook deliveries" docs, and interop with the
// official @octokit/webhooks-methods sign/verify in both directions.
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { github } from "./github";
import { bytes, expectFailure, expectOk, headersOf, NOW } from "@/lib/testing/signature-fixtures";

// docs.github.com → Webhooks → Validating webhook deliveries → "Testing the webhook payload validation".
const DOC_SECRET = "It's a Secret to Everybody";
const DOC_PAYLOAD = "Hello, World!";
const DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

const PAYLOAD = JSON.stringify({
  action: "opened",
  issue: { number: 1, title: "Ünïcödé ✓" },
  repository: { full_name: "o/r" },
});

const verify = (headers: Record<string, string | undefined>, secrets: string[], payload = PAYLOAD) =>
  github.verify({ rawBody: bytes(payload), headers: headersOf(headers), secrets, options: {}, now: NOW });

describe("github: published example", () => {
  it("verifies the documented signature", () => {
    expectOk(verify({ "X-Hub-Signature-256": DOC_SIGNATURE }, [DOC_SECRET], DOC_PAYLOAD), 0);
  });

  it("signs exactly the documented signature", () => {
    const headers = github.sign({ rawBody: bytes(DOC_PAYLOAD), secret: DOC_SECRET, options: {}, now: NOW, id: "d1" });
    expect(headers["x-hub-signature-256"]).toBe(DOC_SIGNATURE);
    expect(headers["x-github-delivery"]).toBe("d1");
  });

  it.each([
    {
      name: "tampered body",
      payload: "Hello, World?",
      headers: { "X-Hub-Signature-256": DOC_SIGNATURE },
      secrets: [DOC_SECRET],
      code: "signature_mismatch",
    },
    {
      name: "wrong secret",
      payload: DOC_PAYLOAD,
      headers: { "X-Hub-Signature-256": DOC_SIGNATURE },
      secrets: ["It's a Secret to Nobody"],
      code: "signature_mismatch",
    },
    {
      name: "truncated",
      payload: DOC_PAYLOAD,
      headers: { "X-Hub-Signature-256": DOC_SIGNATURE.slice(0, -2) },
      secrets: [DOC_SECRET],
      code: "malformed_signature",
    },
    {
      name: "odd-length hex",
      payload: DOC_PAYLOAD,
      headers: { "X-Hub-Signature-256": DOC_SIGNATURE.slice(0, -1) },
      secrets: [DOC_SECRET],
      code: "malformed_signature",
    },
    {
      name: "no sha256= prefix",
      payload: DOC_PAYLOAD,
      headers: { "X-Hub-Signature-256": DOC_SIGNATURE.slice(7) },
      secrets: [DOC_SECRET],
      code: "malformed_signature",
    },
    { name: "missing header", payload: DOC_PAYLOAD, headers: {}, secrets: [DOC_SECRET], code: "missing_signature" },
    {
      name: "only legacy SHA-1 header",
      payload: DOC_PAYLOAD,
      headers: { "X-Hub-Signature": "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59" },
      secrets: [DOC_SECRET],
      code: "unsupported_version",
    },
  ] as const)("$name → $code", ({ payload, headers, secrets, code }) => {
    expectFailure(verify({ ...headers }, [...secrets], payload), code);
  });

  it("accepts upper-case hex and reports the matching secret during rotation", () => {
    expectOk(
      verify({ "X-Hub-Signature-256": `sha256=${DOC_SIGNATURE.slice(7).toUpperCase()}` }, [DOC_SECRET], DOC_PAYLOAD),
      0,
    );
    expectOk(verify({ "X-Hub-Signature-256": DOC_SIGNATURE }, ["new-secret", DOC_SECRET], DOC_PAYLOAD), 1);
  });
});

describe("github: @octokit/webhooks-methods interop", () => {
  const SECRET = github.generateSecret();

  it("verifies what octokit signs", async () => {
    const signature = await octokitSign(SECRET, PAYLOAD);
    expectOk(verify({ "x-hub-signature-256": signature }, [SECRET]), 0);
    expectFailure(
      verify({ "x-hub-signature-256": signature }, [SECRET], PAYLOAD.replace("opened", "closed")),
      "signature_mismatch",
    );
  });

  it("signs what octokit verifies", async () => {
    const headers = github.sign({ rawBody: bytes(PAYLOAD), secret: SECRET, options: {}, now: NOW });
    expect(await octokitVerify(SECRET, PAYLOAD, headers["x-hub-signature-256"] ?? "")).toBe(true);
    expect(await octokitVerify("other", PAYLOAD, headers["x-hub-signature-256"] ?? "")).toBe(false);
  });
});

describe("github: dedupe key and event type", () => {
  it.each([
    {
      headers: { "X-GitHub-Event": "issues", "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
      json: { action: "opened" },
      type: "issues.opened",
      key: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    },
    {
      headers: { "X-GitHub-Event": "push", "X-GitHub-Delivery": "d-2" },
      json: { ref: "refs/heads/main" },
      type: "push",
      key: "d-2",
    },
    { headers: { "X-GitHub-Event": "ping" }, json: null, type: "ping", key: null },
    { headers: {}, json: { action: "opened" }, type: null, key: null },
  ])("$type / $key", ({ headers, json, type, key }) => {
    const bag = headersOf(headers);
    expect(github.eventType({ headers: bag, json })).toBe(type);
    expect(github.dedupeKey({ headers: bag, json })).toBe(key);
  });

  it("sends the event name (without the action) when signing", () => {
    const headers = github.sign({
      rawBody: bytes(PAYLOAD),
      secret: "s",
      options: {},
      now: NOW,
      eventType: "pull_request.closed",
    });
    expect(headers["x-github-event"]).toBe("pull_request");
    expect(headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
