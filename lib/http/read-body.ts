// Reads a request body into memory up to a limit, refusing early on a declared Content-Length and
// stopping the read as soon as the limit is passed (never buffering an unbounded body). A body that
// breaks off (the client went away) or whose `signal` aborts (the web server's body deadline) is
// reported as such, never thrown: the caller answers it. Two readers: readBody for a WHATWG Request
// (route handlers), readNodeBody for Node's IncomingMessage (the receiver, on the hot path).
import type { IncomingMessage } from "node:http";
export type BodyReadResult = { ok: true; body: Buffer } | { ok: false; reason: "too_large" | "incomplete" | "aborted" };

export async function readBody(request: Request, limitBytes: number, signal?: AbortSignal): Promise<BodyReadResult> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, body: Buffer.alloc(0) };
  if (signal?.aborted) return { ok: false, reason: "aborted" };

  const reader = request.body.getReader();
  // Cancelling settles the pending read, so an abort ends the loop below at once.
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) return { ok: false, reason: "aborted" };
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: "too_large" };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: signal?.aborted ? "aborted" : "incomplete" };
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  return { ok: true, body: Buffer.concat(chunks, size) };
}

/**
 * The same for Node's IncomingMessage, read straight from its events. A body refused as too large
 * is drained, not destroyed, so the early answer (413) still reaches the client and the connection
 * stays usable.
 */
export function readNodeBody(request: IncomingMessage, limitBytes: number, signal?: AbortSignal): Promise<BodyReadResult> {
  const drain = () => {
    request.removeAllListeners("data");
    request.resume();
  };
  const declared = Number(request.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    drain();
    return Promise.resolve({ ok: false, reason: "too_large" });
  }
  if (signal?.aborted) return Promise.resolve({ ok: false, reason: "aborted" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyReadResult) => {
      if (settled) return;
      settled = true;
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("close", onClose);
      signal?.removeEventListener("abort", onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limitBytes) {
        drain();
        finish({ ok: false, reason: "too_large" });
      } else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    // 'close' before 'end': the connection went away mid-body (or the parser gave up on it).
    const onClose = () => finish({ ok: false, reason: signal?.aborted ? "aborted" : "incomplete" });
    const onAbort = () => finish({ ok: false, reason: "aborted" });
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("close", onClose);
    request.on("error", () => undefined);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
