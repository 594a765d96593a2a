import { describe, expect, it } from "vitest";
import { isJsonContentType, parsePayload } from "@/lib/ingest/parse-payload";
import { readBody } from "@/lib/ingest/read-body";
import { recordHeaders } from "@/lib/ingest/record-headers";

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
    expect(parsePayload(Buffer.from('{"a":[1,2]}'), "application/json")).toEqual({ payload: { a: [1, 2] }, parseError: null });
  });
  it("marks malformed JSON and keeps going", () => {
    const result = parsePayload(Buffer.from("{nope"), "application/json");
    expect(result.payload).toBeNull();
    expect(result.parseError).toMatch(/JSON/);
  });
  it("leaves other content types unparsed", () => {
    expect(parsePayload(Buffer.from("a=1&b=2"), "application/x-www-form-urlencoded")).toEqual({ payload: null, parseError: null });
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
