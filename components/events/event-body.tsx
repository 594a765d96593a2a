// An event's body: pretty JSON when it parsed, otherwise the raw text (or a note for binary data).
const PREVIEW_LIMIT = 256 * 1024;

function isProbablyText(body: Buffer): boolean {
  return !body.subarray(0, 4096).includes(0);
}

export function EventBody({ body, payload, parseError }: { body: Buffer; payload: unknown; parseError: string | null }) {
  if (body.byteLength === 0) return <p className="text-sm text-slate-500">The request had no body.</p>;
  const pretty = payload !== null && payload !== undefined ? JSON.stringify(payload, null, 2) : null;
  const text = pretty ?? (isProbablyText(body) ? body.subarray(0, PREVIEW_LIMIT).toString("utf8") : null);
  return (
    <div className="space-y-2">
      {parseError ? (
        <p className="text-sm text-amber-800">
          The content type says JSON, but the body did not parse ({parseError}). It is stored exactly as received.
        </p>
      ) : null}
      {text === null ? (
        <p className="text-sm text-slate-500">Binary body ({body.byteLength} bytes); not shown.</p>
      ) : (
        <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="event-body">
          {text}
          {pretty === null && body.byteLength > PREVIEW_LIMIT ? "\n… (truncated for display)" : ""}
        </pre>
      )}
    </div>
  );
}
