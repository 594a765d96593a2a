// An event's body: as received (the exact bytes, decoded as UTF-8 for display) and, when it is
// JSON, pretty (re-indented without reordering keys or rewriting numbers: lib/events/pretty-json.ts),
// with Copy and Download (the exact bytes, from /api/v1/events/{id}/body).
import { BodyViews } from "@/components/events/body-views";
import { formatBytes } from "@/components/events/format-bytes";
import { prettyJsonText } from "@/lib/events/pretty-json";

// A larger body is shown cut (and not offered for copying); the download always has all of it.
const PREVIEW_LIMIT = 256 * 1024;

function decode(bytes: Buffer): { text: string; utf8: boolean } | null {
  if (bytes.subarray(0, 4096).includes(0)) return null;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), utf8: true };
  } catch {
    return { text: new TextDecoder("utf-8").decode(bytes), utf8: false };
  }
}

export function EventBody({
  eventId,
  sourceId,
  body,
  contentType,
  parseError,
}: {
  eventId: string;
  sourceId: string;
  body: Buffer;
  contentType: string | null;
  parseError: string | null;
}) {
  if (body.byteLength === 0) return <p className="text-sm text-slate-500">The request had no body.</p>;
  const truncated = body.byteLength > PREVIEW_LIMIT;
  const decoded = decode(truncated ? body.subarray(0, PREVIEW_LIMIT) : body);
  const pretty = decoded && !truncated && decoded.utf8 ? prettyJsonText(decoded.text) : null;
  const downloadHref = `/api/v1/events/${eventId}/body`;
  return (
    <div className="space-y-2">
      {parseError ? (
        <p className="text-sm text-amber-800">
          The content type says JSON, but the body did not parse ({parseError}). It is stored exactly as received.
        </p>
      ) : null}
      <BodyViews
        raw={decoded?.text ?? null}
        pretty={pretty}
        copyable={decoded !== null && decoded.utf8 && !truncated}
        downloadHref={downloadHref}
        description={`${formatBytes(body.byteLength)}, ${contentType ?? "no content type"}`}
        valueLinks={{ sourceId, eventId }}
        notes={[
          ...(decoded === null ? [`Binary body (${formatBytes(body.byteLength)}); not shown. Download it to see the bytes.`] : []),
          ...(decoded && !decoded.utf8 ? ["Not valid UTF-8: bytes that are not are shown as �. Download it for the exact bytes."] : []),
          ...(truncated ? [`Showing the first ${formatBytes(PREVIEW_LIMIT)}. Download it for all of it.`] : []),
        ]}
      />
    </div>
  );
}
