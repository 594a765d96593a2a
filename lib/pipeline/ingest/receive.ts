// The public webhook receiver, POST /in/<key>:
//   key shape → source lookup → IP allowlist → size limit → signature on the raw bytes → (Slack
//   handshake) → dedupe key → store the event and enqueue its routing job in ONE transaction → 200.
// Nothing is acknowledged that was not durably stored; every refusal says why without leaking
// anything secret, and is recorded against the source. Input that can never succeed gets a 4xx, or
// is stored as raw bytes with a note; 503 means only that the database is unavailable.
import { clientAddress } from "@/lib/http/client-address";
import { errorAnswer, toResponse, type PlainAnswer } from "@/lib/http/plain-answer";
import { dedupeKey } from "@/lib/pipeline/ingest/dedupe-key";
import { fromWebRequest, type IncomingWebhook } from "@/lib/pipeline/ingest/incoming-webhook";
import { loadIngestSource, type IngestSource } from "@/lib/pipeline/ingest/load-ingest-source";
import { parsePayload } from "@/lib/pipeline/ingest/parse-payload";
import { recordHeaders } from "@/lib/pipeline/ingest/record-headers";
import { recordRejection } from "@/lib/pipeline/ingest/record-rejection";
import { ingestUrl } from "@/lib/sources/ingest-url";
import { verificationRefusal } from "@/lib/pipeline/ingest/verification-refusal";
import { storeEvent, UnstorableEventError } from "@/lib/pipeline/ingest/store-event";
import { logger } from "@/lib/log";
import { instruments } from "@/lib/metrics/instruments";
import { cidrContains } from "@/lib/net/ip-policy";
import { findScheme, type AnyScheme } from "@/lib/signatures/registry";
import { isSourceKey } from "@/lib/sources/generate-source-key";
import { pipelineTracer, type ReceiveOutcome, type ReceiveSpan } from "@/lib/tracing/pipeline-tracer";

const log = logger("ingest");

export const ACCEPTED_METHODS = ["POST", "PUT", "PATCH"];
const RETRY_AFTER_SECONDS = "10";
const MAX_EVENT_TYPE_LENGTH = 200;

export function methodNotAllowed(): PlainAnswer {
  return errorAnswer(405, "method_not_allowed", `Webhooks are received with ${ACCEPTED_METHODS.join(", ")}.`, { Allow: ACCEPTED_METHODS.join(", ") });
}

export function sourceNotFound(): PlainAnswer {
  return errorAnswer(404, "source_not_found", "No source has this URL. Check the URL in Switchyard's source settings.");
}

// Headers that carry credentials for the basic-auth / api-key schemes are redacted when stored.
function credentialHeaders(source: IngestSource): string[] {
  if (source.scheme === "api-key") {
    const header = (source.schemeOptions as { header?: unknown } | null)?.header;
    return [typeof header === "string" ? header.toLowerCase() : "x-api-key"];
  }
  return [];
}

/** "::ffff:1.2.3.4" (an IPv4 peer on a dual-stack socket) is matched as 1.2.3.4. */
function plainAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

/** A text column refuses NUL; the type is a label, so a replacement character does. */
function eventTypeText(type: string | null): string | null {
  return type === null ? null : type.replaceAll("\u0000", "\ufffd").slice(0, MAX_EVENT_TYPE_LENGTH);
}

/** The receiver for a WHATWG Request (tests, route handlers): receiveWebhook's answer as a Response. */
/** The URL a provider posted to: this source's public ingest URL with the query string as received. */
function publicRequestUrl({ key, query }: { key: string; query: string }): string {
  return query === "" ? ingestUrl({ key }) : `${ingestUrl({ key })}?${query}`;
}

export async function receive({ key, request }: { key: string; request: Request }): Promise<Response> {
  return toResponse(await receiveWebhook({ key, webhook: fromWebRequest(request) }));
}

/** `key` is the path segment after /in/, percent-decoded. A body past its deadline is answered 408. */
export async function receiveWebhook({ key, webhook }: { key: string; webhook: IncomingWebhook }): Promise<PlainAnswer> {
  const tracer = pipelineTracer();
  if (!tracer) return answerWebhook({ key, webhook, span: null });
  const span = tracer.startReceive({ method: webhook.method, headers: webhook.headers });
  let answer: PlainAnswer | undefined;
  try {
    answer = await answerWebhook({ key, webhook, span });
    return answer;
  } finally {
    // Whatever happened, the span ends (a throw is what the web server answers with a 500).
    span.end(answer ? receiveOutcome(answer) : { status: 500, outcome: "error" });
  }
}

/** The receive span's outcome, read from the answer (the ingest metrics' labels, plus the reason). */
function receiveOutcome(answer: PlainAnswer): ReceiveOutcome {
  const body = (answer.body ?? {}) as { eventId?: unknown; duplicate?: unknown; error?: { code?: unknown } };
  if (answer.status === 200) {
    const outcome = body.duplicate === true ? "duplicate" : "stored";
    return typeof body.eventId === "string" ? { status: 200, outcome, eventId: body.eventId } : { status: 200, outcome: "handshake" };
  }
  const reason = typeof body.error?.code === "string" ? body.error.code : undefined;
  const outcome = answer.status === 503 ? "unavailable" : answer.status === 404 ? "not_found" : "refused";
  return reason === undefined ? { status: answer.status, outcome } : { status: answer.status, outcome, reason };
}

async function answerWebhook({ key, webhook: request, span }: { key: string; webhook: IncomingWebhook; span: ReceiveSpan | null }): Promise<PlainAnswer> {
  if (!ACCEPTED_METHODS.includes(request.method)) return methodNotAllowed();
  // Not the shape of any key: no need to ask the database (and NUL or a slash never reach it).
  if (!isSourceKey(key)) return sourceNotFound();

  let source: IngestSource | null;
  try {
    source = await loadIngestSource({ key });
  } catch (error) {
    log.error("source lookup failed; asking the sender to retry", { error });
    return unavailable();
  }
  if (!source) return sourceNotFound();
  span?.setSource(source.id);

  const remoteAddress = clientAddress(request.headers);
  const refuse = async (status: number, reason: string, message: string): Promise<PlainAnswer> => {
    await recordRejection({ sourceId: source.id, status, reason, message, remoteAddress, headers: request.headers });
    instruments().eventsRefused.inc({ source_id: source.id, reason });
    return errorAnswer(status, reason, message);
  };
  if (!source.enabled) return refuse(410, "source_disabled", "This source is disabled in Switchyard.");

  if (source.ipAllowlist.length > 0 && !source.ipAllowlist.some((cidr) => cidrContains(cidr, plainAddress(remoteAddress)))) {
    return refuse(403, "ip_not_allowed", `Requests from ${remoteAddress} are not allowed for this source.`);
  }

  const read = await request.readBody(source.bodyLimitBytes);
  if (!read.ok) {
    if (read.reason === "aborted") return refuse(408, "request_timeout", "The body did not arrive in time; nothing was stored.");
    if (read.reason === "incomplete") return refuse(400, "request_incomplete", "The request ended before its body was complete; nothing was stored.");
    return refuse(413, "payload_too_large", `The body is larger than this source's limit of ${source.bodyLimitBytes} bytes.`);
  }

  const scheme: AnyScheme | null = findScheme(source.scheme);
  if (!scheme) {
    log.error("source has an unknown verification scheme", { sourceId: source.id, scheme: source.scheme });
    return refuse(500, "source_misconfigured", "This source's verification scheme is not available.");
  }
  const verified = scheme.verify({
    rawBody: read.body,
    headers: request.headers,
    secrets: source.secrets.map((secret) => secret.value),
    options: source.schemeOptions,
    now: new Date(),
    toleranceSeconds: source.toleranceSeconds,
    // What the sender was given (APP_URL-based), not what this process saw: Twilio signs the URL.
    url: publicRequestUrl({ key, query: request.query }),
  });
  // Each failure its own code (signature_missing, timestamp_too_old, …; ./verification-refusal.ts).
  if (!verified.ok) return refuse(401, verificationRefusal(verified.code), verified.message);

  const contentType = request.headers.get("content-type");
  const { payload, json, parseError } = parsePayload(read.body, contentType);

  const handshake = scheme.verifies ? scheme.handshake?.(json) : null;
  if (handshake) return { status: handshake.status, body: handshake.body };

  const matched = verified.secretIndex === null ? undefined : source.secrets[verified.secretIndex];
  try {
    const stored = await storeEvent({
      sourceId: source.id,
      method: request.method,
      query: request.query,
      headers: recordHeaders(request.headers, credentialHeaders(source)),
      contentType,
      body: read.body,
      payload,
      parseError,
      eventType: eventTypeText(scheme.eventType({ headers: request.headers, json })),
      verification: {
        scheme: scheme.id,
        verified: scheme.verifies,
        ...(matched ? { secretId: matched.id, secretHint: matched.hint } : {}),
        ...(verified.timestamp ? { signedAt: verified.timestamp.toISOString() } : {}),
      },
      dedupeKey: dedupeKey({ strategy: source.dedupeStrategy, field: source.dedupeField, scheme, headers: request.headers, json }),
      traceParent: span?.traceParent() ?? null,
    });
    if (stored.duplicate) log.info("duplicate delivery; not routed again", { sourceId: source.id, eventId: stored.eventId });
    (stored.duplicate ? instruments().eventsDuplicate : instruments().eventsReceived).inc({ source_id: source.id });
    return { status: 200, body: { ok: true, eventId: stored.eventId, ...(stored.duplicate ? { duplicate: true } : {}) } };
  } catch (error) {
    if (error instanceof UnstorableEventError) {
      log.error("PostgreSQL refused an event even as raw bytes", { sourceId: source.id, sqlState: error.sqlState });
      return refuse(422, "unstorable_event", "This request cannot be stored; sending it again will not help.");
    }
    log.error("event could not be stored; asking the sender to retry", { sourceId: source.id, error });
    return unavailable();
  }
}

function unavailable(): PlainAnswer {
  return errorAnswer(503, "temporarily_unavailable", "Switchyard cannot store events right now; retry later.", { "Retry-After": RETRY_AFTER_SECONDS });
}
