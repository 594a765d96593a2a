// One event as GET /api/v1/events/{id} answers it (and its OpenAPI description): the request as
// received, how it was verified, every routing run with its trace, and every delivery with all
// of its attempts. What the event page shows, as data.
import { z } from "zod";
import type { EventDetail } from "@/lib/events/get-event";
import { DELIVERY_STATUSES } from "@/lib/deliveries/delivery-filter";
import { RoutingFields, RuleTrace } from "@/lib/rules/trace-schema";

export const EventBodyView = z
  .object({
    encoding: z
      .enum(["text", "base64"])
      .describe("`text` when the bytes are valid UTF-8 (then `value` is exactly them, whitespace and key order kept); `base64` otherwise."),
    value: z.string().describe("The body as received, in `encoding`."),
    sizeBytes: z.number().int(),
    contentType: z.string().nullable().describe("The Content-Type it arrived with."),
  })
  .describe("The request body exactly as received.");

export const EventVerificationView = z
  .object({
    scheme: z.string().describe("The source's verification scheme when the event arrived (`none`: not verified)."),
    verified: z.boolean().describe("True when a signature or credential was checked and matched; false only for the `none` scheme."),
    secretHint: z.string().optional().describe("The masked secret that matched (during a rotation, tells which)."),
    signedAt: z.iso.datetime().optional().describe("The signed timestamp, for timestamped schemes."),
  })
  .describe("How the request was verified. Refused requests are not events: see the source's refused requests.");

export const RoutingRunView = z
  .object({
    id: z.uuid(),
    trigger: z.enum(["received", "replay"]),
    outcome: z.string().describe("routed, unmatched, ignored or failed."),
    tags: z.array(z.string()),
    routing: RoutingFields,
    createdAt: z.iso.datetime(),
    trace: z.array(RuleTrace).describe("Each rule in order: whether it matched, each condition with the event's value, the actions it ran."),
  })
  .describe("One evaluation of the source's rules for this event (on arrival, or a replay).");

export const DeliveryAttemptView = z
  .object({
    number: z.number().int(),
    startedAt: z.iso.datetime(),
    durationMs: z.number().int(),
    requestUrl: z.string(),
    requestHeaders: z.record(z.string(), z.string()).describe("As sent; custom header values are redacted."),
    responseStatus: z.number().int().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable().describe("At most 64 KB of the response body."),
    errorClass: z.string().nullable(),
    errorMessage: z.string().nullable(),
    probe: z.boolean().describe("Made by the circuit breaker to test an endpoint whose circuit is open."),
  })
  .describe("One attempt of a delivery.");

export const EventDeliveryView = z
  .object({
    id: z.uuid(),
    destinationId: z.uuid(),
    destinationName: z.string(),
    routingRunId: z.uuid(),
    ruleId: z.uuid().nullable(),
    ruleVersion: z.number().int().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attemptCount: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    attemptInProgress: z
      .boolean()
      .describe("A worker is attempting it right now, its request possibly out; `attempts` lists the attempt once it is recorded."),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    attempts: z.array(DeliveryAttemptView).describe("Every attempt, first to last."),
  })
  .describe("A delivery of this event to one destination, with all its attempts.");

export const EventDetailView = z
  .object({
    id: z.uuid(),
    sourceId: z.uuid(),
    sourceName: z.string(),
    receivedAt: z.iso.datetime(),
    method: z.string(),
    query: z.string().describe("The ingest request's query string, without the leading `?`."),
    headers: z.record(z.string(), z.string()).describe("The request headers as recorded (credential headers redacted)."),
    body: EventBodyView,
    payload: z.unknown().describe("The body parsed as JSON; null when it is not JSON or did not parse (see `parseError`)."),
    parseError: z.string().nullable(),
    eventType: z.string().nullable(),
    summary: z.string().nullable(),
    status: z.enum(["received", "routed", "unmatched", "ignored", "failed"]),
    tags: z.array(z.string()),
    routing: RoutingFields,
    dedupeKey: z.string().nullable(),
    duplicateCount: z.number().int(),
    verification: EventVerificationView,
    routingRuns: z.array(RoutingRunView).describe("Newest first."),
    deliveries: z.array(EventDeliveryView).describe("Oldest first."),
  })
  .describe("An event with its request, verification, routing runs and deliveries.");
export type EventDetailView = z.infer<typeof EventDetailView>;

const StoredVerification = z.object({
  scheme: z.string().catch("unknown"),
  verified: z.boolean().catch(false),
  secretHint: z.string().optional().catch(undefined),
  signedAt: z.iso.datetime().optional().catch(undefined),
});

function bodyView(body: Buffer, contentType: string | null): z.infer<typeof EventBodyView> {
  // Text only when decoding and re-encoding gives the same bytes: then `value` is exact.
  const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(body);
  const exact = Buffer.from(text, "utf8").equals(body);
  return exact
    ? { encoding: "text", value: text, sizeBytes: body.length, contentType }
    : { encoding: "base64", value: body.toString("base64"), sizeBytes: body.length, contentType };
}

const stringRecord = z.record(z.string(), z.string());

export function toEventDetailView(event: EventDetail): EventDetailView {
  const verification = StoredVerification.parse(event.verification ?? {});
  return {
    id: event.id,
    sourceId: event.sourceId,
    sourceName: event.source.name,
    receivedAt: event.receivedAt.toISOString(),
    method: event.method,
    query: event.query,
    headers: event.headers,
    body: bodyView(event.body, event.contentType),
    payload: event.payload ?? null,
    parseError: event.parseError,
    eventType: event.eventType,
    summary: event.summary,
    status: event.status,
    tags: event.tags,
    routing: event.routing,
    dedupeKey: event.dedupeKey,
    duplicateCount: event.duplicateCount,
    verification: {
      scheme: verification.scheme,
      verified: verification.verified,
      ...(verification.secretHint ? { secretHint: verification.secretHint } : {}),
      ...(verification.signedAt ? { signedAt: verification.signedAt } : {}),
    },
    routingRuns: event.routingRuns.map((run) => ({
      id: run.id,
      trigger: run.trigger,
      outcome: run.outcome,
      tags: run.tags,
      routing: run.routing,
      createdAt: run.createdAt.toISOString(),
      trace: run.trace,
    })),
    deliveries: event.deliveries.map((delivery) => ({
      id: delivery.id,
      destinationId: delivery.destinationId,
      destinationName: delivery.destination.name,
      routingRunId: delivery.routingRunId,
      ruleId: delivery.ruleId,
      ruleVersion: delivery.ruleVersion,
      status: delivery.status,
      attemptCount: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
      attemptInProgress: delivery.attemptInProgress,
      lastStatus: delivery.lastStatus,
      lastError: delivery.lastError,
      createdAt: delivery.createdAt.toISOString(),
      attempts: delivery.attemptRows.map((attempt) => ({
        number: attempt.number,
        startedAt: attempt.startedAt.toISOString(),
        durationMs: attempt.durationMs,
        requestUrl: attempt.requestUrl,
        requestHeaders: stringRecord.catch({}).parse(attempt.requestHeaders),
        responseStatus: attempt.responseStatus,
        responseHeaders: attempt.responseHeaders === null ? null : stringRecord.catch({}).parse(attempt.responseHeaders),
        responseBody: attempt.responseBody,
        errorClass: attempt.errorClass,
        errorMessage: attempt.errorMessage,
        probe: attempt.probe,
      })),
    })),
  };
}

export const ReplayEventApiInput = z
  .object({
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, "16 to 64 letters, digits, - or _")
      .optional()
      .describe("Send the same key again (e.g. after a timeout) and the event is replayed once. Without it, every call replays."),
  })
  .strict();

export const ReplayQueuedView = z
  .object({
    eventId: z.uuid(),
    status: z.enum(["queued", "already_queued"]).describe("`already_queued`: this idempotency key was used before; nothing new was queued."),
  })
  .describe("The replay, queued: a new routing run (trigger `replay`) appears on the event once the worker has routed it.");
