// Random hostile requests from a seeded generator, so a failing run can be replayed exactly: methods,
// paths, headers and bodies mixed from the shapes that broke the receiver before (escapes jsonb
// refuses, deep nesting, numbers beyond a double, bytes that are not UTF-8, odd keys and headers).
// Framing is always well-formed, so the body of any stored request is the body generated here.
import { chunked, httpRequest } from "@/lib/testing/raw-http";
import type { HostileRequest, SourceKind } from "@/lib/testing/hostile-requests/corpus";

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateHostileRequests({ seed, count }: { seed: number; count: number }): HostileRequest[] {
  const next = random(seed);
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  const randomBytes = (length: number, from = 0, to = 256) => Buffer.from(Array.from({ length }, () => from + int(to - from)));

  const ESCAPES = ["\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u00e9", "\\\\u0000", "\\n", '\\"', "\\/"];
  const NUMBERS = ["0", "-0", "1e400", "-1e400", "1.7976931348623157e308", "123456789012345678901234567890", "1e-400", "3.14", `1${"0".repeat(320)}`];

  function jsonString(): string {
    let text = "";
    for (let i = int(6); i > 0; i--) text += chance(0.3) ? pick(ESCAPES) : String.fromCharCode(0x61 + int(26));
    return `"${text}"`;
  }

  function jsonValue(depth: number): string {
    const roll = next();
    if (depth > 4 || roll < 0.35) return chance(0.5) ? jsonString() : pick([...NUMBERS, "true", "false", "null"]);
    if (roll < 0.65) return `[${Array.from({ length: int(4) }, () => jsonValue(depth + 1)).join(",")}]`;
    return `{${Array.from({ length: int(4) }, () => `${jsonString()}:${jsonValue(depth + 1)}`).join(",")}}`;
  }

  function body(source: SourceKind): Buffer {
    const roll = next();
    if (roll < 0.15) return randomBytes(int(512));
    if (roll < 0.25) {
      const depth = pick([100, 511, 512, 513, 2000, 20_000]);
      return Buffer.from("[".repeat(depth) + jsonValue(4) + "]".repeat(depth));
    }
    const fields = [`"type":${jsonString()}`, `"id":${chance(0.7) ? `"${int(1e12)}-${int(1e12)}"` : jsonString()}`, `"data":${jsonValue(0)}`];
    let text = Buffer.from(`{${fields.join(",")}}`);
    if (roll < 0.35) text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]);
    else if (roll < 0.45) {
      // Splice in bytes that may not be UTF-8 (or may break the JSON).
      const at = int(text.length);
      text = Buffer.concat([text.subarray(0, at), randomBytes(1 + int(4), 0x80), text.subarray(at)]);
    } else if (roll < 0.5) text = text.subarray(0, int(text.length));
    return source === "small" && text.length > 1024 ? text.subarray(0, 1024) : text;
  }

  const OTHER_METHODS = ["PUT", "PATCH", "GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "M-SEARCH"] as const;
  const CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON;charset=\"x\"", "application/cloudevents+json", "text/plain", "", "application/x-www-form-urlencoded"];
  const SOURCES: SourceKind[] = ["plain", "plain", "plain", "jsonPath", "header", "small"];

  function path(): string {
    const roll = next();
    if (roll < 0.6) return "/in/{key}";
    if (roll < 0.7) return `/in/{key}?${pick(["a=1", "x=%00", "%ZZ", "q=%E0%A4%A", "&&==", "a=" + "b".repeat(int(2000))])}`;
    if (roll < 0.75) return "/in/{key}/";
    if (roll < 0.85) return `/in/${Array.from({ length: 1 + int(40) }, () => pick(["%00", "%ZZ", "%2F", "%", "a", "Z", "-", "_", "~", ".", "%e9", "%C3%A9"])).join("")}`;
    if (roll < 0.9) return `/in/{key}/${pick(["x", "..", "%00"])}`;
    return pick(["/in", "/in/", "/inbox", "/", "/api/health", "/in?x"]);
  }

  const requests: HostileRequest[] = [];
  for (let index = 0; index < count; index++) {
    const source = pick(SOURCES);
    const method = chance(0.75) ? "POST" : pick(OTHER_METHODS);
    const payload = method === "GET" || method === "HEAD" ? Buffer.alloc(0) : body(source);
    const headers: Record<string, string | Buffer> = {};
    if (chance(0.85)) headers["Content-Type"] = pick(CONTENT_TYPES);
    for (let extra = int(4); extra > 0; extra--) headers[`X-Fuzz-${int(1000)}`] = Buffer.concat([Buffer.from("v"), randomBytes(int(40), 0x20, 0x7f), chance(0.3) ? randomBytes(1 + int(6), 0x80) : Buffer.alloc(0)]);
    if (source === "header") headers["X-Delivery-Id"] = chance(0.8) ? `d-${int(1e12)}-${int(1e12)}` : randomBytes(1 + int(30), 0x80);
    if (chance(0.1)) headers.Host = pick(["a b", "", "[::1", "x".repeat(300), "évil"]);
    if (chance(0.05)) headers.Expect = "100-continue";
    const isChunked = payload.length > 0 && chance(0.2);
    if (isChunked) headers["Transfer-Encoding"] = "chunked";
    requests.push({
      name: `random #${index} (seed ${seed})`,
      source,
      head: method === "HEAD",
      request: httpRequest({ method, path: path(), headers, body: isChunked ? chunked(payload, 1 + int(64)) : payload }),
      body: payload,
    });
  }
  return requests;
}
