// Generic HMAC: RFC 4231 / RFC 2202 HMAC test vectors, then provider vectors re-expressed as generic
// configurations (GitHub's and Slack's published examples), timestamps in the three formats, the
// template language, and option validation.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { genericHmac, hmacOptionsSchema, parseTemplate } from "./generic-hmac";
import { bytes, expectFailure, expectOk, headersOf, NOW, secondsFrom } from "@/lib/testing/signature-fixtures";

const options = (raw: unknown) => hmacOptionsSchema.parse(raw);
const verify = (raw: unknown, headers: Record<string, string>, secrets: string[], body: string | Buffer, now = NOW) =>
  genericHmac.verify({
    rawBody: typeof body === "string" ? bytes(body) : body,
    headers: headersOf(headers),
    secrets,
    options: options(raw),
    now,
  });

// RFC 4231 test case 2 (SHA-256, SHA-512) and RFC 2202 test case 2 (SHA-1): key "Jefe".
const RFC_KEY = "Jefe";
const RFC_DATA = "what do ya want for nothing?";
const RFC_VECTORS = [
  { algorithm: "sha1", hex: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
  { algorithm: "sha256", hex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
  {
    algorithm: "sha512",
    hex: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
  },
] as const;

describe("generic hmac: RFC test vectors", () => {
  it.each(RFC_VECTORS)("$algorithm, hex and base64", ({ algorithm, hex }) => {
    const b64 = Buffer.from(hex, "hex").toString("base64");
    expectOk(verify({ algorithm, encoding: "hex" }, { "X-Signature": hex }, [RFC_KEY], RFC_DATA), 0);
    expectOk(verify({ algorithm, encoding: "base64" }, { "X-Signature": b64 }, [RFC_KEY], RFC_DATA), 0);
    expectFailure(
      verify({ algorithm, encoding: "base64" }, { "X-Signature": hex }, [RFC_KEY], RFC_DATA),
      "malformed_signature",
    );
    expectFailure(
      verify({ algorithm, encoding: "hex" }, { "X-Signature": hex }, ["Jeff"], RFC_DATA),
      "signature_mismatch",
    );
    expect(
      genericHmac.sign({ rawBody: bytes(RFC_DATA), secret: RFC_KEY, options: options({ algorithm }), now: NOW }),
    ).toEqual({ "x-signature": hex });
  });

  it("refuses a signature of the wrong algorithm's length", () => {
    const sha1 = RFC_VECTORS[0].hex;
    const message = expectFailure(
      verify({ algorithm: "sha256" }, { "X-Signature": sha1 }, [RFC_KEY], RFC_DATA),
      "malformed_signature",
    );
    expect(message).toMatch(/20 bytes long, but an HMAC-SHA256 is 32/);
  });
});

describe("generic hmac: provider examples as generic configurations", () => {
  it("GitHub's documented example (prefix sha256=)", () => {
    const cfg = { header: "X-Hub-Signature-256", prefix: "sha256=" };
    const sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expectOk(verify(cfg, { "X-Hub-Signature-256": sig }, ["It's a Secret to Everybody"], "Hello, World!"), 0);
    expectFailure(
      verify(cfg, { "X-Hub-Signature-256": sig.slice(7) }, ["It's a Secret to Everybody"], "Hello, World!"),
      "malformed_signature",
    );
  });

  it("Slack's documented example (template v0:{timestamp}:{body}, unix seconds)", () => {
    const cfg = {
      header: "X-Slack-Signature",
      prefix: "v0=",
      timestampHeader: "X-Slack-Request-Timestamp",
      template: "v0:{timestamp}:{body}",
    };
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const headers = {
      "X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "X-Slack-Request-Timestamp": "1531420618",
    };
    const result = verify(cfg, headers, ["8f742231b10e8888abcd99yyyzzz85a5"], body, new Date(1531420618_000));
    expectOk(result, 0);
    expect(result.ok && result.timestamp?.getTime()).toBe(1531420618_000);
    expectFailure(verify(cfg, headers, ["8f742231b10e8888abcd99yyyzzz85a5"], body, NOW), "timestamp_too_old");
  });
});

describe("generic hmac: timestamps", () => {
  const SECRET = "generic-secret";
  const BODY = '{"event":"build.finished"}';
  const at = new Date(NOW.getTime() - 42_000);
  const formats = [
    { format: "unix", value: String(Math.floor(at.getTime() / 1000)) },
    { format: "unix-ms", value: String(at.getTime()) },
    { format: "iso", value: "2024-06-10T11:59:18Z" },
    { format: "auto", value: String(Math.floor(at.getTime() / 1000)) },
    { format: "auto", value: String(at.getTime()) },
    { format: "auto", value: "2024-06-10T13:59:18+02:00" },
  ] as const;

  it.each(formats)("$format: $value", ({ format, value }) => {
    const cfg = { timestampHeader: "X-Timestamp", timestampFormat: format, template: "{timestamp}.{body}" };
    const sig = createHmac("sha256", SECRET).update(`${value}.${BODY}`).digest("hex");
    const result = verify(cfg, { "X-Signature": sig, "X-Timestamp": value }, [SECRET], BODY);
    expectOk(result, 0);
    expect(result.ok && result.timestamp?.getTime()).toBe(at.getTime());
    // The same header, checked an hour later / an hour earlier.
    expectFailure(
      verify(cfg, { "X-Signature": sig, "X-Timestamp": value }, [SECRET], BODY, secondsFrom(NOW, 3600)),
      "timestamp_too_old",
    );
    expectFailure(
      verify(cfg, { "X-Signature": sig, "X-Timestamp": value }, [SECRET], BODY, secondsFrom(NOW, -3600)),
      "timestamp_in_future",
    );
  });

  it.each([
    { format: "unix", value: "2024-06-10T11:59:18Z" },
    { format: "unix-ms", value: "12.5" },
    { format: "iso", value: "1718020758" },
    { format: "auto", value: "next tuesday" },
    { format: "auto", value: "-1718020758" },
  ] as const)("$format refuses $value", ({ format, value }) => {
    const cfg = { timestampHeader: "X-Timestamp", timestampFormat: format, template: "{timestamp}.{body}" };
    expectFailure(
      verify(cfg, { "X-Signature": "00".repeat(32), "X-Timestamp": value }, [SECRET], BODY),
      "invalid_timestamp",
    );
  });

  it("applies the window when a timestamp header is set but not part of the template", () => {
    const cfg = { timestampHeader: "X-Timestamp" };
    const sig = createHmac("sha256", SECRET).update(BODY).digest("hex");
    expectOk(
      verify(cfg, { "X-Signature": sig, "X-Timestamp": String(Math.floor(NOW.getTime() / 1000)) }, [SECRET], BODY),
      0,
    );
    expectFailure(verify(cfg, { "X-Signature": sig }, [SECRET], BODY), "missing_timestamp");
  });
});

describe("generic hmac: templates", () => {
  const SECRET = "template-secret";
  const BODY = '{"type":"invoice.created","id":"in_1"}';

  it("signs {header:<name>} values and verifies them", () => {
    const cfg = options({
      header: "X-Sig",
      timestampHeader: "X-Ts",
      template: "{header:X-Request-Id}.{timestamp}.{body}",
    });
    const headers = genericHmac.sign({ rawBody: bytes(BODY), secret: SECRET, options: cfg, now: NOW, id: "req_123" });
    const ts = String(Math.floor(NOW.getTime() / 1000));
    expect(headers).toEqual({
      "x-ts": ts,
      "x-request-id": "req_123",
      "x-sig": createHmac("sha256", SECRET).update(`req_123.${ts}.${BODY}`).digest("hex"),
    });
    expectOk(
      genericHmac.verify({
        rawBody: bytes(BODY),
        headers: headersOf(headers),
        secrets: [SECRET],
        options: cfg,
        now: NOW,
      }),
      0,
    );
    const without = headersOf(headers);
    without.delete("x-request-id");
    const message = expectFailure(
      genericHmac.verify({ rawBody: bytes(BODY), headers: without, secrets: [SECRET], options: cfg, now: NOW }),
      "missing_header",
    );
    expect(message).toMatch(/x-request-id/);
    const changed = headersOf({ ...headers, "x-request-id": "req_124" });
    expectFailure(
      genericHmac.verify({ rawBody: bytes(BODY), headers: changed, secrets: [SECRET], options: cfg, now: NOW }),
      "signature_mismatch",
    );
  });

  it("parses templates into text and placeholders", () => {
    expect(parseTemplate("v0:{timestamp}:{body}").segments).toEqual([
      { kind: "text", text: "v0:" },
      { kind: "timestamp" },
      { kind: "text", text: ":" },
      { kind: "body" },
    ]);
    expect(parseTemplate("{ header:Webhook-Id }{body}").segments[0]).toEqual({ kind: "header", name: "webhook-id" });
    expect(parseTemplate("{body}{bdy}").unknown).toEqual(["{bdy}"]);
  });

  it.each([
    { name: "unknown placeholder", raw: { template: "{body}.{nonce}" }, path: "template" },
    { name: "no {body}", raw: { template: "{timestamp}", timestampHeader: "x-ts" }, path: "template" },
    {
      name: "{timestamp} without a timestamp header",
      raw: { template: "{timestamp}.{body}" },
      path: "timestampHeader",
    },
    { name: "signature header inside the template", raw: { template: "{header:x-signature}{body}" }, path: "template" },
    { name: "invalid header name", raw: { header: "X Signature" }, path: "header" },
    { name: "unknown algorithm", raw: { algorithm: "md5" }, path: "algorithm" },
    { name: "unknown encoding", raw: { encoding: "base32" }, path: "encoding" },
  ])("refuses options with $name", ({ raw, path }) => {
    const parsed = hmacOptionsSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  it("treats an empty timestamp header from a form as not set", () => {
    expect(options({ timestampHeader: "" }).timestampHeader).toBeUndefined();
  });

  it("types by body type, else event; never dedupes", () => {
    const h = headersOf({});
    expect(genericHmac.eventType({ headers: h, json: { type: "a.b", event: "c" } })).toBe("a.b");
    expect(genericHmac.eventType({ headers: h, json: { event: "build.finished" } })).toBe("build.finished");
    expect(genericHmac.eventType({ headers: h, json: { event: { name: "x" } } })).toBeNull();
    expect(genericHmac.dedupeKey({ headers: h, json: { id: "x" } })).toBeNull();
  });
});
