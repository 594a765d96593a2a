// Reads a request body into memory up to a limit, refusing early on a declared Content-Length and
// stopping the read as soon as the limit is passed (never buffering an unbounded body). A body that
// breaks off (the client went away) or whose `signal` aborts (the web server's body deadline) is
// reported as such, never thrown: the caller answers it.
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
