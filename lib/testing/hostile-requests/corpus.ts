// Hostile requests to the receiver, kept as data: each is the raw bytes a client sends over TCP and
// the answer it must get. "{key}" in a request stands for the key of a source of the given kind
// (created by the suite, lib/pipeline/ingest/hostile-requests.int.test.ts). Every shape found by probing is
// here, and more; add a case whenever a new one turns up.
import { chunked, httpRequest } from "@/lib/testing/raw-http";

export type SourceKind = "plain" | "jsonPath" | "header" | "small" | "disabled" | "allowlist";

export interface HostileRequest {
  name: string;
  request: Buffer;
  /** Which source "{key}" is (default "plain": no verification, no dedupe, 1 MB limit). */
  source?: SourceKind;
  /** Half-close after sending: the server sees the request stream end. */
  end?: boolean;
  /** A HEAD request: its answer has no body. */
  head?: boolean;
  /** The answer's status and, for an error, its code. Generated requests have none: only the suite's rules apply. */
  expect?: { status: number; code?: string };
  /** For a 2xx: the body as it must be stored, byte for byte. */
  body?: Buffer;
  /** For a 2xx: "parsed" (payload stored, no note), "raw" (not JSON: no payload, no note), or the note when jsonb cannot hold it. */
  stored?: "parsed" | "raw" | RegExp;
}

const KEY_PATH = "/in/{key}";
const JSON_TYPE = { "Content-Type": "application/json" };
const OK = { status: 200 };

function bytes(...parts: Array<string | number[] | Buffer>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))));
}

/** A POST of `body` that must be stored byte for byte. */
function stored(name: string, body: string | Buffer, stored: HostileRequest["stored"], headers: Record<string, string | Buffer> = JSON_TYPE, more: Partial<HostileRequest> = {}): HostileRequest {
  const raw = typeof body === "string" ? Buffer.from(body) : body;
  return { name, request: httpRequest({ path: KEY_PATH, headers, body: raw }), expect: OK, body: raw, stored, ...more };
}

function refused(name: string, request: string | Buffer, status: number, code: string, more: Partial<HostileRequest> = {}): HostileRequest {
  return { name, request: typeof request === "string" ? Buffer.from(request, "latin1") : request, expect: { status, code }, ...more };
}

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const DEEP = /nests deeper than 512 levels; kept as raw bytes only/;
const NUL = /NUL character/;
const SURROGATE = /lone UTF-16 surrogate/;
const NOT_UTF8 = /not valid UTF-8/;
const NOT_JSON = /^The body is not valid JSON \(.+\); kept as raw bytes only\.$/;
const TOO_BIG = /number too large/;

export const hostileRequests: HostileRequest[] = [
  // Methods
  refused("TRACE (undici refuses to build a Request)", `TRACE ${KEY_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`, 405, "method_not_allowed"),
  refused("TRACE with a body", httpRequest({ method: "TRACE", path: KEY_PATH, body: "{}" }), 405, "method_not_allowed"),
  refused("CONNECT to a receiver path (Node's 'connect' event)", `CONNECT ${KEY_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`, 405, "method_not_allowed"),
  refused("CONNECT in authority form", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 405, "method_not_allowed"),
  refused("GET", `GET ${KEY_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`, 405, "method_not_allowed"),
  refused("HEAD", `HEAD ${KEY_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`, 405, "method_not_allowed", { head: true }),
  refused("OPTIONS", `OPTIONS ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n\r\n`, 405, "method_not_allowed"),
  refused("DELETE with a body", httpRequest({ method: "DELETE", path: KEY_PATH, body: "{}" }), 405, "method_not_allowed"),
  refused("PROPFIND (WebDAV)", httpRequest({ method: "PROPFIND", path: KEY_PATH }), 405, "method_not_allowed"),
  refused("TRACK (not a method Node's parser knows)", `TRACK ${KEY_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`, 400, "bad_request"),
  refused("a made-up method", `FETCHIT ${KEY_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`, 400, "bad_request"),
  refused("a lower-case method", `post ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`, 400, "bad_request"),
  { ...stored("PUT", '{"a":1}', "parsed"), request: httpRequest({ method: "PUT", path: KEY_PATH, headers: JSON_TYPE, body: '{"a":1}' }) },
  { ...stored("PATCH", '{"a":1}', "parsed"), request: httpRequest({ method: "PATCH", path: KEY_PATH, headers: JSON_TYPE, body: '{"a":1}' }) },

  // Keys and paths
  refused("malformed percent-encoding (URIError)", httpRequest({ path: "/in/%ZZ", body: "{}" }), 404, "source_not_found"),
  refused("a truncated percent-encoded character", httpRequest({ path: "/in/%E0%A4%A", body: "{}" }), 404, "source_not_found"),
  refused("an encoded NUL inside a key", httpRequest({ path: "/in/a%00b", body: "{}" }), 404, "source_not_found"),
  refused("a real key followed by an encoded NUL", httpRequest({ path: `${KEY_PATH}%00`, body: "{}" }), 404, "source_not_found"),
  refused("an encoded path traversal", httpRequest({ path: "/in/%2e%2e%2f%2e%2e%2fetc%2fpasswd", body: "{}" }), 404, "source_not_found"),
  refused("an encoded slash inside a key", httpRequest({ path: "/in/abc%2Fdef", body: "{}" }), 404, "source_not_found"),
  refused("no key", httpRequest({ path: "/in/", body: "{}" }), 404, "source_not_found"),
  refused("the bare prefix", httpRequest({ path: "/in", body: "{}" }), 404, "source_not_found"),
  refused("the bare prefix with a query", httpRequest({ path: "/in?key=x", body: "{}" }), 404, "source_not_found"),
  refused("a key with a path after it", httpRequest({ path: `${KEY_PATH}/extra`, body: "{}" }), 404, "source_not_found"),
  refused("a key one character short", httpRequest({ path: "/in/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", body: "{}" }), 404, "source_not_found"),
  refused("a well-formed key no source has", httpRequest({ path: "/in/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", body: "{}" }), 404, "source_not_found"),
  refused("an 8 KB key", httpRequest({ path: `/in/${"k".repeat(8192)}`, body: "{}" }), 404, "source_not_found"),
  refused("URL punctuation Node lets through", httpRequest({ path: '/in/a"<>{}|\\^`b', body: "{}" }), 404, "source_not_found"),
  refused("a URL with raw bytes >= 0x80", bytes(`POST /in/ab`, [0xc3, 0xa9, 0xff], ` HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`), 400, "bad_request"),
  refused("a URL with a control character", bytes(`POST /in/a`, [0x7f], `b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`), 400, "bad_request"),
  refused("a 100 KB URL", httpRequest({ path: `/in/${"a".repeat(100_000)}` }), 431, "headers_too_large"),
  stored("a trailing slash", '{"a":1}', "parsed", JSON_TYPE, { request: httpRequest({ path: `${KEY_PATH}/`, headers: JSON_TYPE, body: '{"a":1}' }) }),
  stored("a query with %00 and malformed escapes", '{"a":1}', "parsed", JSON_TYPE, { request: httpRequest({ path: `${KEY_PATH}?x=%00&y=%ZZ&z=%`, headers: JSON_TYPE, body: '{"a":1}' }) }),
  stored("a fragment in the request target", '{"a":1}', "parsed", JSON_TYPE, { request: httpRequest({ path: `${KEY_PATH}#frag`, headers: JSON_TYPE, body: '{"a":1}' }) }),
  refused("a disabled source", httpRequest({ path: KEY_PATH, headers: JSON_TYPE, body: "{}" }), 410, "source_disabled", { source: "disabled" }),
  refused("a source that allows other addresses only", httpRequest({ path: KEY_PATH, headers: JSON_TYPE, body: "{}" }), 403, "ip_not_allowed", { source: "allowlist" }),

  // Host and other headers
  stored("a Host header that is not a host (a b)", '{"a":1}', "parsed", { ...JSON_TYPE, Host: "a b" }),
  stored("a Host header with a path and a port past 65535", '{"a":1}', "parsed", { ...JSON_TYPE, Host: "evil.example:99999/x?y" }),
  refused("HTTP/1.1 without Host", `POST ${KEY_PATH} HTTP/1.1\r\nContent-Length: 0\r\n\r\n`, 400, "host_required"),
  { name: "HTTP/1.0 without Host", request: Buffer.from(`POST ${KEY_PATH} HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`), expect: OK, body: Buffer.from("{}"), stored: "parsed" },
  stored("two Host headers", '{"a":1}', "parsed", JSON_TYPE, { request: bytes(`POST ${KEY_PATH} HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}`) }),
  stored("header values with bytes >= 0x80", '{"a":1}', "parsed", { ...JSON_TYPE, "X-Latin": bytes([0xc3, 0xa9, 0xff, 0x80]), "User-Agent": bytes("agent ", [0xfe]) }),
  stored("a header value with a tab", '{"a":1}', "parsed", { ...JSON_TYPE, "X-Tab": "a\tb" }),
  stored("a spoofed X-Forwarded-For", '{"a":1}', "parsed", { ...JSON_TYPE, "X-Forwarded-For": "1.2.3.4, not-an-address" }),
  stored("Upgrade: websocket on a POST", '{"a":1}', "parsed", { ...JSON_TYPE, Upgrade: "websocket", Connection: "Upgrade" }),
  stored("Connection: close", '{"a":1}', "parsed", { ...JSON_TYPE, Connection: "close" }),
  stored("Expect: 100-continue", '{"a":1}', "parsed", { ...JSON_TYPE, Expect: "100-continue" }),
  refused("an Expect Node does not know", httpRequest({ path: KEY_PATH, headers: { Expect: "200-ok" }, body: "{}" }), 417, "expectation_failed"),
  refused("a NUL in a header value", bytes(`POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nX-A: a`, [0], `b\r\nContent-Length: 0\r\n\r\n`), 400, "bad_request"),
  refused("a DEL in a header value", bytes(`POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nX-A: a`, [0x7f], `b\r\nContent-Length: 0\r\n\r\n`), 400, "bad_request"),
  refused("an obsolete folded header", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n`, 400, "bad_request"),
  refused("a space before a header's colon", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nX-A : b\r\nContent-Length: 0\r\n\r\n`, 400, "bad_request"),
  refused("bare LF line endings", `POST ${KEY_PATH} HTTP/1.1\nHost: x\nContent-Length: 0\n\n`, 400, "bad_request"),
  refused("64 KB of headers", httpRequest({ path: KEY_PATH, headers: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`X-Filler-${i}`, "f".repeat(1000)])) }), 431, "headers_too_large"),
  refused("one 20 KB header", httpRequest({ path: KEY_PATH, headers: { "X-Big": "b".repeat(20_000) } }), 431, "headers_too_large"),
  refused("an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "bad_request"),
  { name: "HTTP/2.0 in an HTTP/1 request line (Node's parser takes it)", request: Buffer.from(`POST ${KEY_PATH} HTTP/2.0\r\nHost: x\r\n\r\n`), expect: OK, body: Buffer.alloc(0), stored: "raw" },
  refused("an HTTP/0.9 request line", `GET ${KEY_PATH}\r\n\r\n`, 405, "method_not_allowed"),
  refused("garbage instead of a request line", bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03], "\r\n\r\n"), 400, "bad_request"),
  refused("headers that never end, then the connection ends", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nX-A: b`, 400, "request_incomplete", { end: true }),

  // Content types
  stored("Content-Type with odd parameters", '{"a":1}', "parsed", { "Content-Type": 'application/json; charset="UTF-8"; boundary=x; ;foo' }),
  stored("Content-Type in capitals", '{"a":1}', "parsed", { "Content-Type": "APPLICATION/JSON" }),
  stored("a +json vendor type", '{"a":1}', "parsed", { "Content-Type": "application/vnd.example.event+json" }),
  stored("JSON that says it is Latin-1 (JSON is UTF-8)", bytes('{"a":"', [0xe9], '"}'), NOT_UTF8, { "Content-Type": "application/json; charset=iso-8859-1" }),
  stored("an empty Content-Type", "{}", "raw", { "Content-Type": "" }),
  stored("a Content-Type with bytes >= 0x80", "{}", "raw", { "Content-Type": bytes("text/", [0xff]) }),
  stored("no Content-Type", "{}", "raw", {}),
  stored("binary with NUL bytes as octet-stream", bytes([0, 1, 2, 0, 255, 0]), "raw", { "Content-Type": "application/octet-stream" }),
  stored("a form body with %00 and raw NUL", bytes("a=%00&b=", [0], "&c=%ZZ"), "raw", { "Content-Type": "application/x-www-form-urlencoded" }),
  stored("text with invalid UTF-8", bytes("caf", [0xe9, 0xc3]), "raw", { "Content-Type": "text/plain; charset=utf-8" }),

  // Framing
  refused("two different Content-Lengths", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`, 400, "bad_request"),
  refused("Content-Length and Transfer-Encoding", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400, "bad_request"),
  refused("a negative Content-Length", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`, 400, "bad_request"),
  refused("a Content-Length that is not a number", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n`, 400, "bad_request"),
  refused("a Content-Length past 2^64", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n`, 400, "bad_request"),
  refused("a Content-Length over the source's limit (body not sent)", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n`, 413, "payload_too_large"),
  refused("Transfer-Encoding other than chunked", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n{}`, 400, "bad_request"),
  refused("a chunk size that is not hex", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n`, 400, "bad_request"),
  refused("a body short of its Content-Length, then the connection ends", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":`, 400, "request_incomplete", { end: true }),
  refused("a chunked body without its last chunk, then the connection ends", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n`, 400, "request_incomplete", { end: true }),
  refused("a body short of its Content-Length that stalls", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":`, 408, "request_timeout"),
  refused("headers that stall", `POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nX-A: b`, 408, "request_timeout"),
  {
    name: "a chunked body",
    request: httpRequest({ path: KEY_PATH, headers: { ...JSON_TYPE, "Transfer-Encoding": "chunked" }, body: chunked(Buffer.from('{"chunked":true}'), 3) }),
    expect: OK,
    body: Buffer.from('{"chunked":true}'),
    stored: "parsed",
  },
  {
    name: "chunk extensions and trailers",
    request: bytes(`POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{"a"\r\n4;x\r\n:12}\r\n0\r\nX-Trailer: t\r\n\r\n`),
    expect: OK,
    body: Buffer.from('{"a":12}'),
    stored: "parsed",
  },
  {
    name: "gzip, chunked (stored as sent: compressed bytes)",
    request: httpRequest({ path: KEY_PATH, headers: { "Content-Type": "application/json", "Content-Encoding": "gzip", "Transfer-Encoding": "gzip, chunked" }, body: chunked(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00])) }),
    expect: OK,
    body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]),
    stored: NOT_UTF8,
  },
  {
    name: "a chunked body over the source's limit (413 must still arrive)",
    source: "small",
    request: httpRequest({ path: KEY_PATH, headers: { "Transfer-Encoding": "chunked" }, body: chunked(Buffer.alloc(8192, 0x61), 512) }),
    expect: { status: 413, code: "payload_too_large" },
  },
  refused("a Content-Length body over the source's limit", httpRequest({ path: KEY_PATH, body: Buffer.alloc(1025, 0x61) }), 413, "payload_too_large", { source: "small" }),
  stored("a body exactly at the source's limit", Buffer.alloc(1024, 0x62), "raw", {}, { source: "small" }),
  { ...stored("a body longer than its Content-Length (the rest is a next request)", "{}", "parsed"), request: bytes(`POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}GARBAGE`) },
  { name: "POST without Content-Length or Transfer-Encoding (no body)", request: Buffer.from(`POST ${KEY_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`), expect: OK, body: Buffer.alloc(0), stored: "raw" },
  stored("an empty JSON body", "", NOT_JSON),

  // JSON that jsonb cannot hold
  stored("a NUL escape (jsonb refuses \\u0000)", '{"a":"x\\u0000y"}', NUL),
  stored("a NUL escape in a key", '{"\\u0000":1}', NUL),
  stored("a NUL escape in the event type (type is read, NUL replaced)", '{"type":"order\\u0000paid","id":1}', NUL),
  stored("a lone high surrogate", '{"a":"\\ud800"}', SURROGATE),
  stored("a lone low surrogate", '["\\udfff"]', SURROGATE),
  stored("a reversed surrogate pair", '"\\ude00\\ud83d"', SURROGATE),
  stored("a surrogate pair (fine)", '{"a":"\\ud83d\\ude00"}', "parsed"),
  stored("an escaped backslash before u0000 (text, fine)", '{"a":"\\\\u0000"}', "parsed"),
  stored("nesting 513 levels", nested(513), DEEP),
  stored("nesting exactly 512 levels (fine)", nested(512), "parsed"),
  stored("nesting 6,000 levels (JSON.stringify overflowed)", nested(6000), DEEP),
  stored("nesting 100,000 levels", nested(100_000), DEEP),
  stored("deep objects", '{"a":'.repeat(600) + "1" + "}".repeat(600), DEEP),
  stored("1e400", '{"amount":1e400}', TOO_BIG),
  stored("-1e400", "[-1e400]", TOO_BIG),
  stored("a 400-digit integer", `[1${"0".repeat(400)}]`, TOO_BIG),
  stored("big integers and tiny numbers (rounded, fine)", '[123456789012345678901234567890, 1e-400, 1.7976931348623157e308]', "parsed"),

  // Bytes that are not UTF-8, or not JSON
  stored("an invalid byte in a string", bytes('{"a":"', [0xff, 0xfe], '"}'), NOT_UTF8),
  stored("an overlong NUL (C0 80)", bytes('{"a":"', [0xc0, 0x80], '"}'), NOT_UTF8),
  stored("an encoded surrogate (CESU-8)", bytes('{"a":"', [0xed, 0xa0, 0x80], '"}'), NOT_UTF8),
  stored("a truncated multi-byte character", bytes('{"a":"', [0xe2, 0x82], '"}'), NOT_UTF8),
  stored("UTF-16LE with its BOM", Buffer.from('\ufeff{"a":1}', "utf16le"), NOT_UTF8),
  stored("a UTF-8 BOM (ignored by the parser, kept in the body)", '\ufeff{"a":1}', "parsed"),
  stored("a UTF-8 BOM alone", "\ufeff", NOT_JSON),
  stored("a raw NUL byte in a string (the parse error quoted it)", bytes('{"a":"', [0], '"}'), NOT_JSON),
  stored("a raw NUL byte in text (the parse error quoted it)", bytes("xyz", [0], "abc"), NOT_JSON),
  stored("raw control characters", bytes('{"a":"', [1, 2, 27, 127], '"}'), NOT_JSON),
  stored("trailing garbage", "{}x", NOT_JSON),
  stored("whitespace only", " \r\n\t", NOT_JSON),
  stored("a top-level string", '"hello"', "parsed"),
  stored("duplicate keys", '{"a":1,"a":2}', "parsed"),
  stored("a __proto__ key", '{"__proto__":{"polluted":true}}', "parsed"),
  stored("a 200 KB string", JSON.stringify({ a: "s".repeat(200_000) }), "parsed"),

  // Text derived from the body or headers
  stored("a JSON-path dedupe key with a NUL escape (hashed)", '{"id":"evt\\u0000one"}', NUL, JSON_TYPE, { source: "jsonPath" }),
  stored("a JSON-path dedupe key with a lone surrogate (hashed)", '{"id":"evt\\ud800"}', SURROGATE, JSON_TYPE, { source: "jsonPath" }),
  stored("a JSON-path dedupe key that is an object (no key)", '{"id":{"nested":true}}', "parsed", JSON_TYPE, { source: "jsonPath" }),
  stored("a header dedupe key with bytes >= 0x80", '{"a":1}', "parsed", { ...JSON_TYPE, "X-Delivery-Id": bytes("id-", [0xe9, 0xff]) }, { source: "header" }),
  stored("a 10 KB header dedupe key (hashed)", '{"a":1}', "parsed", { ...JSON_TYPE, "X-Delivery-Id": "d".repeat(10_000) }, { source: "header" }),
];
