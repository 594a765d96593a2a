// A raw HTTP/1.1 client over node:net, for tests that send what no well-behaved client would: any
// bytes, in pieces, half-closing or not, on one kept-alive connection. It reads responses back with
// a small parser of its own, so a malformed or missing response is seen as such.
import { connect, type Socket } from "node:net";

export interface RawResponse {
  status: number;
  /** Lower-case names; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

const HEAD_END = Buffer.from("\r\n\r\n");

type Parsed = { response: RawResponse; consumed: number } | { malformed: string } | null;

function parseChunked(buffer: Buffer, start: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return null;
    const size = parseInt(buffer.subarray(at, lineEnd).toString("latin1").split(";")[0]!.trim(), 16);
    if (!Number.isFinite(size)) throw new Error("malformed chunk size in response");
    at = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = buffer.indexOf("\r\n", at);
      if (trailerEnd < 0) return null;
      // Trailers, if any, end with an empty line.
      if (trailerEnd === at) return { body: Buffer.concat(parts), end: at + 2 };
      const end = buffer.indexOf(HEAD_END, at);
      return end < 0 ? null : { body: Buffer.concat(parts), end: end + 4 };
    }
    if (buffer.length < at + size + 2) return null;
    parts.push(buffer.subarray(at, at + size));
    at += size + 2;
  }
}

/** One response from the front of `buffer`, null while incomplete. `ended`: the server closed its side. */
export function parseResponse(buffer: Buffer, { head = false, ended = false } = {}): Parsed {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd < 0) return ended && buffer.length > 0 ? { malformed: "the connection closed inside a response head" } : null;
  const [statusLine = "", ...lines] = buffer.subarray(0, headEnd).toString("latin1").split("\r\n");
  const match = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!match) return { malformed: `not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}` };
  const status = Number(match[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) return { malformed: `malformed header line: ${JSON.stringify(line.slice(0, 80))}` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const bodyStart = headEnd + 4;
  if (head || status < 200 || status === 204 || status === 304) return { response: { status, headers, body: Buffer.alloc(0) }, consumed: bodyStart };
  if (/\bchunked\b/i.test(headers["transfer-encoding"] ?? "")) {
    const chunked = parseChunked(buffer, bodyStart);
    if (chunked) return { response: { status, headers, body: chunked.body }, consumed: chunked.end };
    return ended ? { malformed: "the connection closed inside a chunked response body" } : null;
  }
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (!Number.isSafeInteger(length) || length < 0) return { malformed: `bad Content-Length ${headers["content-length"]}` };
    if (buffer.length >= bodyStart + length) return { response: { status, headers, body: buffer.subarray(bodyStart, bodyStart + length) }, consumed: bodyStart + length };
    return ended ? { malformed: "the connection closed before the response body was complete" } : null;
  }
  // Close-delimited body.
  return ended ? { response: { status, headers, body: buffer.subarray(bodyStart) }, consumed: buffer.length } : null;
}

export class RawConnection {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | null = null;
  private closedPromise: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on("data", (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.wake?.();
    });
    // A reset after the server answered is fine: what it sent is already in `buffer`.
    socket.on("error", () => undefined);
    this.closedPromise = new Promise((resolve) =>
      socket.once("close", () => {
        this.ended = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  static open(port: number, host = "127.0.0.1"): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once("connect", () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Resolves once the bytes are handed to the kernel (or the socket is gone). */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  /** Half-closes: the server sees the end of the request stream but can still answer. */
  end(): void {
    this.socket.end();
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Everything received and not yet taken as a response. */
  get pending(): Buffer {
    return this.buffer;
  }

  /**
   * The next complete final response (1xx interim answers are skipped), or null when the server
   * closes the connection before one arrives. Throws on a malformed response, or when nothing
   * complete arrives within `waitMs` (a hang guard, not a timing assertion).
   */
  async response({ head = false, waitMs = 15_000 } = {}): Promise<RawResponse | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const parsed = parseResponse(this.buffer, { head, ended: this.ended });
      if (parsed && "malformed" in parsed) throw new Error(`malformed response: ${parsed.malformed}`);
      if (parsed) {
        this.buffer = this.buffer.subarray(parsed.consumed);
        if (parsed.response.status < 200) continue;
        return parsed.response;
      }
      if (this.ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no complete response within ${waitMs} ms; received ${JSON.stringify(this.buffer.toString("latin1").slice(0, 200))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  closed(): Promise<void> {
    return this.closedPromise;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Opens a connection, sends `request` (then half-closes if asked), reads one response, closes. */
export async function exchange(
  port: number,
  request: string | Buffer,
  { end = false, head = false, waitMs }: { end?: boolean; head?: boolean; waitMs?: number } = {},
): Promise<RawResponse | null> {
  const connection = await RawConnection.open(port);
  try {
    await connection.write(request);
    if (end) connection.end();
    return await connection.response({ head, waitMs });
  } finally {
    connection.destroy();
  }
}

/** A well-formed request: Host and Content-Length filled in unless given. */
export function httpRequest({
  method = "POST",
  path,
  headers = {},
  body = Buffer.alloc(0),
  version = "1.1",
}: {
  method?: string;
  path: string;
  headers?: Record<string, string | Buffer>;
  body?: string | Buffer;
  version?: string;
}): Buffer {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const names = Object.keys(headers).map((name) => name.toLowerCase());
  const all: Array<[string, string | Buffer]> = [
    ...(names.includes("host") ? [] : [["Host", "localhost"] as [string, string]]),
    ...Object.entries(headers),
    ...(names.includes("content-length") || names.includes("transfer-encoding") ? [] : [["Content-Length", String(bytes.byteLength)] as [string, string]]),
  ];
  return Buffer.concat([
    Buffer.from(`${method} ${path} HTTP/${version}\r\n`, "latin1"),
    ...all.map(([name, value]) => Buffer.concat([Buffer.from(`${name}: `, "latin1"), typeof value === "string" ? Buffer.from(value, "latin1") : value, Buffer.from("\r\n")])),
    Buffer.from("\r\n"),
    bytes,
  ]);
}

/** `body` as a chunked message body, in chunks of `size` bytes. */
export function chunked(body: Buffer, size = 16): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const chunk = body.subarray(at, at + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}
