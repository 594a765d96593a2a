// The public webhook receiver: size limit → source lookup → store the raw request and enqueue its
// routing job in ONE transaction → 2xx. Nothing is acknowledged that was not durably stored.
import { db } from "@/lib/db";
import { jsonError } from "@/lib/http/json-error";
import { parsePayload } from "@/lib/ingest/parse-payload";
import { readBody } from "@/lib/ingest/read-body";
import { recordHeaders } from "@/lib/ingest/record-headers";
import { logger } from "@/lib/log";
import { inTransaction, sendJob } from "@/lib/queue";

const log = logger("ingest");

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
const ACCEPTED_METHODS = ["POST", "PUT", "PATCH"];
const RETRY_AFTER_SECONDS = "10";

export async function receive({ key, request }: { key: string; request: Request }): Promise<Response> {
  if (!ACCEPTED_METHODS.includes(request.method)) {
    return jsonError(405, "method_not_allowed", `Webhooks are received with ${ACCEPTED_METHODS.join(", ")}.`, {
      headers: { Allow: ACCEPTED_METHODS.join(", ") },
    });
  }

  let source: { id: string; enabled: boolean } | null;
  try {
    source = await db().source.findUnique({ where: { key }, select: { id: true, enabled: true } });
  } catch (error) {
    log.error("source lookup failed; asking the sender to retry", { error });
    return unavailable();
  }
  if (!source) return jsonError(404, "source_not_found", "No source has this URL. Check the URL in Switchyard's source settings.");
  if (!source.enabled) return jsonError(410, "source_disabled", "This source is disabled in Switchyard.");

  const read = await readBody(request, DEFAULT_BODY_LIMIT_BYTES);
  if (!read.ok) {
    log.warn("rejected: body too large", { sourceId: source.id, limitBytes: DEFAULT_BODY_LIMIT_BYTES });
    return jsonError(413, "payload_too_large", `The body is larger than this source's limit of ${DEFAULT_BODY_LIMIT_BYTES} bytes.`);
  }

  const contentType = request.headers.get("content-type");
  const { payload, parseError } = parsePayload(read.body, contentType);
  const sourceId = source.id;
  try {
    const eventId = await db().$transaction(async (tx) => {
      const event = await tx.event.create({
        data: {
          sourceId,
          method: request.method,
          query: new URL(request.url).search.replace(/^\?/, ""),
          headers: recordHeaders(request.headers),
          contentType,
          body: new Uint8Array(read.body),
          bodySize: read.body.byteLength,
          payload: payload === null ? undefined : (payload as object),
          parseError,
        },
        select: { id: true },
      });
      await sendJob({ name: "route-event", payload: { eventId: event.id }, db: inTransaction(tx) });
      return event.id;
    });
    log.debug("event stored", { sourceId, eventId });
    return Response.json({ ok: true, eventId }, { status: 200 });
  } catch (error) {
    log.error("event could not be stored; asking the sender to retry", { sourceId, error });
    return unavailable();
  }
}

function unavailable(): Response {
  return jsonError(503, "temporarily_unavailable", "Switchyard cannot store events right now; retry later.", {
    headers: { "Retry-After": RETRY_AFTER_SECONDS },
  });
}
