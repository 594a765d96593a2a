// Reads a request body into memory up to a limit, refusing early on a declared Content-Length and
// stopping the read as soon as the limit is passed (never buffering an unbounded body).
export type BodyReadResult = { ok: true; body: Buffer } | { ok: false; reason: "too_large" };

export async function readBody(request: Request, limitBytes: number): Promise<BodyReadResult> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, body: Buffer.alloc(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  return { ok: true, body: Buffer.concat(chunks, size) };
}
