// The public webhook receiver, POST /in/<key>:
//   source lookup → IP allowlist → size limit → signature on the raw bytes → (Slack handshake) →
//   dedupe key → store the event and enqueue its routing job in ONE transaction → 200.
// Nothing is acknowledged that was not durably stored; every refusal says why without leaking
// anything secret, and is recorded against the source.
import { clientAddress } from "@/lib/auth/client-address";
import { jsonError } from "@/lib/http/json-error";
import { dedupeKey } from "@/lib/ingest/dedupe-key";
import { loadIngestSource, type IngestSource } from "@/lib/ingest/load-ingest-source";
import { parsePayload } from "@/lib/ingest/parse-payload";
import { readBody } from "@/lib/ingest/read-body";
import { recordHeaders } from "@/lib/ingest/record-headers";
import { recordRejection } from "@/lib/ingest/record-rejection";
import { storeEvent } from "@/lib/ingest/store-event";
import { logger } from "@/lib/log";
import { cidrContains } from "@/lib/net/ip-policy";
import { findScheme, type AnyScheme } from "@/lib/signatures/registry";

const log = logger("ingest");

const ACCEPTED_METHODS = ["POST", "PUT", "PATCH"];
const RETRY_AFTER_SECONDS = "10";

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

export async function receive({ key, request }: { key: string; request: Request }): Promise<Response> {
  if (!ACCEPTED_METHODS.includes(request.method)) {
    return jsonError(405, "method_not_allowed", `Webhooks are received with ${ACCEPTED_METHODS.join(", ")}.`, {
      headers: { Allow: ACCEPTED_METHODS.join(", ") },
    });
  }

  let source: IngestSource | null;
  try {
    source = await loadIngestSource({ key });
  } catch (error) {
    log.error("source lookup failed; asking the sender to retry", { error });
    return unavailable();
  }
  if (!source) return jsonError(404, "source_not_found", "No source has this URL. Check the URL in Switchyard's source settings.");

  const remoteAddress = clientAddress(request.headers);
  const refuse = async (status: number, reason: string, message: string) => {
    await recordRejection({ sourceId: source.id, status, reason, message, remoteAddress, headers: request.headers });
    return jsonError(status, reason, message);
  };
  if (!source.enabled) return refuse(410, "source_disabled", "This source is disabled in Switchyard.");

  if (source.ipAllowlist.length > 0 && !source.ipAllowlist.some((cidr) => cidrContains(cidr, plainAddress(remoteAddress)))) {
    return refuse(403, "ip_not_allowed", `Requests from ${remoteAddress} are not allowed for this source.`);
  }

  const read = await readBody(request, source.bodyLimitBytes);
  if (!read.ok) return refuse(413, "payload_too_large", `The body is larger than this source's limit of ${source.bodyLimitBytes} bytes.`);

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
  });
  if (!verified.ok) return refuse(401, "signature_invalid", `${verified.message} (${verified.code})`);

  const contentType = request.headers.get("content-type");
  const { payload, parseError } = parsePayload(read.body, contentType);

  const handshake = scheme.verifies ? scheme.handshake?.(payload) : null;
  if (handshake) return Response.json(handshake.body, { status: handshake.status });

  const matched = verified.secretIndex === null ? undefined : source.secrets[verified.secretIndex];
  try {
    const stored = await storeEvent({
      sourceId: source.id,
      method: request.method,
      query: new URL(request.url).search.replace(/^\?/, ""),
      headers: recordHeaders(request.headers, credentialHeaders(source)),
      contentType,
      body: read.body,
      payload,
      parseError,
      eventType: scheme.eventType({ headers: request.headers, json: payload })?.slice(0, 200) ?? null,
      verification: {
        scheme: scheme.id,
        verified: scheme.verifies,
        ...(matched ? { secretId: matched.id, secretHint: matched.hint } : {}),
        ...(verified.timestamp ? { signedAt: verified.timestamp.toISOString() } : {}),
      },
      dedupeKey: dedupeKey({ strategy: source.dedupeStrategy, field: source.dedupeField, scheme, headers: request.headers, json: payload }),
    });
    if (stored.duplicate) log.info("duplicate delivery; not routed again", { sourceId: source.id, eventId: stored.eventId });
    return Response.json({ ok: true, eventId: stored.eventId, ...(stored.duplicate ? { duplicate: true } : {}) }, { status: 200 });
  } catch (error) {
    log.error("event could not be stored; asking the sender to retry", { sourceId: source.id, error });
    return unavailable();
  }
}

function unavailable(): Response {
  return jsonError(503, "temporarily_unavailable", "Switchyard cannot store events right now; retry later.", {
    headers: { "Retry-After": RETRY_AFTER_SECONDS },
  });
}
