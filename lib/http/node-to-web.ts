// Bridges node:http and the WHATWG Request/Response the domain code speaks, for the routes that
// the web server (lib/runtime/create-web-server.ts) serves itself ahead of Next.js.
import type { IncomingMessage, ServerResponse } from "node:http";

// Buffered ahead of the reader; the socket is paused beyond it.
const BODY_BUFFER_BYTES = 64 * 1024;

/**
 * The body as a stream that pauses the socket when its reader falls behind. Unlike Readable.toWeb,
 * cancelling it discards the rest of the body instead of destroying the request (and with it the
 * socket), so an early answer (413 to a chunked body) still reaches the client and the connection
 * stays usable.
 */
function bodyStream(request: IncomingMessage): ReadableStream<Uint8Array> {
  let onData: (chunk: Buffer) => void;
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onData = (chunk) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) request.pause();
        };
        request.on("data", onData);
        request.once("end", () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        // 'close' before 'end': the connection went away mid-body (or the parser gave up on it).
        request.once("close", () => {
          if (settled) return;
          settled = true;
          controller.error(new Error("the request ended before its body was complete"));
        });
        request.on("error", () => undefined);
      },
      pull() {
        request.resume();
      },
      cancel() {
        settled = true;
        request.off("data", onData);
        request.resume();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: BODY_BUFFER_BYTES }),
  );
}

/**
 * `request` as a WHATWG Request. undici throws for the methods it forbids (TRACE, TRACK, CONNECT):
 * check the method first. The URL's origin is fixed: the Host header is whatever the client sent (it
 * may not even parse), and nothing here needs it.
 */
export function toWebRequest(request: IncomingMessage, { signal }: { signal?: AbortSignal } = {}): Request {
  // request.headers, not rawHeaders: the web server rewrites X-Forwarded-For there.
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = request.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(new URL(request.url ?? "/", "http://localhost"), {
    method,
    headers,
    body: hasBody ? bodyStream(request) : undefined,
    signal,
    duplex: "half",
  } as RequestInit);
}

export async function sendWebResponse(response: ServerResponse, answer: Response, extraHeaders: Record<string, string> = {}): Promise<void> {
  const body = Buffer.from(await answer.arrayBuffer());
  // The connection may be gone (the client left, or the server already answered and closed it).
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string> = { "x-content-type-options": "nosniff", "content-length": String(body.byteLength) };
  answer.headers.forEach((value, name) => (headers[name] = value));
  response.writeHead(answer.status, { ...headers, ...extraHeaders });
  response.end(body);
}
