import { describe, expect, it } from "vitest";
import { dedupeKey } from "@/lib/pipeline/ingest/dedupe-key";
import { isJsonContentType, MAX_JSON_DEPTH, parsePayload } from "@/lib/pipeline/ingest/parse-payload";
import { readBody } from "@/lib/http/read-body";
import { recordHeaders } from "@/lib/pipeline/ingest/record-headers";

describe("isJsonContentType", () => {
  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["Application/JSON", true],
    ["application/vnd.api+json", true],
    ["application/cloudevents+json", true],
    ["text/json", true],
    ["application/x-www-form-urlencoded", false],
    ["text/plain", false],
    ["application/jsonp", false],
    [null, false],
  ])("%s → %s", (contentType, expected) => {
    expect(isJsonContentType(contentType)).toBe(expected);
  });
});

describe("parsePayload", () => {
  it("parses JSON bodies", () => {
    expect(parsePayload(Buffer.from('{"a":[1,2]}'), "application/json")).toEqual({ payload: { a: [1, 2] }, json: { a: [1, 2] }, parseError: null });
  });
  it("marks malformed JSON and keeps going", () => {
    const result = parsePayload(Buffer.from("{nope"), "application/json");
    expect(result.payload).toBeNull();
    expect(result.parseError).toMatch(/JSON/);
  });
  it("leaves other content types unparsed", () => {
    expect(parsePayload(Buffer.from("a=1&b=2&b=3&__proto__=x&c=%2B1%20555"), "application/x-www-form-urlencoded")).toEqual({
      payload: { a: "1", b: ["2", "3"], ["__proto__"]: "x", c: "+1 555" },
      json: { a: "1", b: ["2", "3"], ["__proto__"]: "x", c: "+1 555" },
      parseError: null,
    });
    // What jsonb cannot hold (a NUL) stays raw, without a note, as before.
    expect(parsePayload(Buffer.from("a=%00"), "application/x-www-form-urlencoded")).toEqual({ payload: null, json: null, parseError: null });
  });

  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  const objects = (depth: number) => '{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  // Bodies jsonb cannot hold: kept raw (payload null) with a note; `json` still has what parsed.
  it.each([
    ["a NUL escape in a value", '{"a":"x\\u0000y"}', /NUL character/, true],
    ["a NUL escape in a key", '{"\\u0000":1}', /NUL character/, true],
    ["a lone high surrogate", '["\\ud800"]', /lone UTF-16 surrogate/, true],
    ["a lone low surrogate in a key", '{"\\udc00x":1}', /lone UTF-16 surrogate/, true],
    [`arrays ${MAX_JSON_DEPTH + 1} deep`, nested(MAX_JSON_DEPTH + 1), /deeper than 512 levels/, true],
    [`objects ${MAX_JSON_DEPTH + 1} deep`, objects(MAX_JSON_DEPTH + 1), /deeper than 512 levels/, true],
    ["arrays 200,000 deep", nested(200_000), /deeper than 512 levels/, true],
    ["a number beyond a double", '{"a":1e400}', /number too large/, true],
    ["a negative one", "[-1e400]", /number too large/, true],
    ["400 digits", "1" + "0".repeat(400), /number too large/, true],
    ["a raw NUL byte (not JSON)", 'xyz\u0000abc', /^The body is not valid JSON \(.*\\u0000.*\); kept as raw bytes only\.$/, false],
    ["an empty body", "", /not valid JSON/, false],
    ["a BOM alone", "\ufeff", /not valid JSON/, false],
  ])("keeps %s raw with a note", (_, body, note, parses) => {
    const result = parsePayload(Buffer.from(body), "application/json");
    expect(result.payload).toBeNull();
    expect(result.parseError).toMatch(note);
    expect(result.parseError).not.toContain("\u0000");
    expect(result.json === null).toBe(!parses);
  });

  it.each([
    ["invalid bytes", Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ["an overlong encoding", Buffer.from([0x22, 0xc0, 0x80, 0x22])],
    ["an encoded surrogate (CESU-8)", Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])],
    ["UTF-16 with its BOM", Buffer.from("\ufeff{}", "utf16le")],
  ])("keeps a body that is not UTF-8 (%s) raw with a note instead of replacing bytes", (_, body) => {
    expect(parsePayload(body, "application/json")).toEqual({ payload: null, json: null, parseError: "The body is not valid UTF-8; kept as raw bytes only." });
  });

  it.each([
    [`arrays exactly ${MAX_JSON_DEPTH} deep`, nested(MAX_JSON_DEPTH)],
    ["an escaped backslash before u0000 (text, not NUL)", '{"a":"\\\\u0000"}'],
    ["a surrogate pair", '"\\ud83d\\ude00"'],
    ["huge but finite numbers and big integers", '[1.7e308, 123456789012345678901234567890, 1e-400]'],
    ["a UTF-8 byte order mark (RFC 8259 lets a parser ignore it)", '\ufeff{"a":1}'],
    ["duplicate keys (the last wins, as in jsonb)", '{"a":1,"a":2}'],
    ["a __proto__ key", '{"__proto__":{"x":1}}'],
  ])("stores %s", (_, body) => {
    const result = parsePayload(Buffer.from(body), "application/json");
    expect(result.parseError).toBeNull();
    expect(result.payload).toEqual(JSON.parse(body.replace(/^\ufeff/, "")));
  });
});

describe("dedupeKey", () => {
  const scheme = { dedupeKey: () => null } as never;
  const byPath = (json: unknown) => dedupeKey({ strategy: "json_path", field: "id", scheme, headers: new Headers(), json });
  it("keeps short keys as they are and hashes long ones", () => {
    expect(byPath({ id: "evt_1" })).toBe("evt_1");
    expect(byPath({ id: "x".repeat(201) })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
  it("hashes keys a text column cannot hold as they are, distinctly", () => {
    const keys = [byPath({ id: "a\u0000b" }), byPath({ id: "\ud800" }), byPath({ id: "\ud801" })];
    for (const key of keys) expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new Set(keys).size).toBe(3);
  });
});

function streamed(chunks: number[], headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const size of chunks) controller.enqueue(new Uint8Array(size));
      controller.close();
    },
  });
  return new Request("http://x/in/k", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("readBody", () => {
  it("reads a body up to the limit exactly", async () => {
    const result = await readBody(streamed([4, 6]), 10);
    expect(result.ok && result.body.byteLength).toBe(10);
  });
  it("stops reading once the limit is passed, whatever Content-Length said", async () => {
    expect(await readBody(streamed([6, 6]), 10)).toEqual({ ok: false, reason: "too_large" });
  });
  it("refuses early on a declared Content-Length over the limit", async () => {
    expect(await readBody(new Request("http://x", { method: "POST", body: "12345678901", headers: { "content-length": "11" } }), 10)).toEqual({
      ok: false,
      reason: "too_large",
    });
  });
  it("reports a body that breaks off, and one whose deadline passes, instead of throwing", async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(3));
        controller.error(new Error("connection reset"));
      },
    });
    const request = new Request("http://x", { method: "POST", body: broken, duplex: "half" } as RequestInit);
    expect(await readBody(request, 10)).toEqual({ ok: false, reason: "incomplete" });

    const stalled = new Request("http://x", { method: "POST", body: new ReadableStream<Uint8Array>(), duplex: "half" } as RequestInit);
    const deadline = new AbortController();
    const read = readBody(stalled, 10, deadline.signal);
    deadline.abort();
    expect(await read).toEqual({ ok: false, reason: "aborted" });
  });
  it("treats a missing body as empty", async () => {
    const result = await readBody(new Request("http://x", { method: "POST" }), 10);
    expect(result.ok && result.body.byteLength).toBe(0);
  });
});

describe("recordHeaders", () => {
  it("keeps headers lower-cased and redacts credentials", () => {
    const headers = new Headers({ "X-Thing": "1", Authorization: "Basic abc", Cookie: "s=1", "Proxy-Authorization": "x" });
    expect(recordHeaders(headers)).toEqual({ "x-thing": "1", authorization: "[redacted]", cookie: "[redacted]", "proxy-authorization": "[redacted]" });
  });
});
