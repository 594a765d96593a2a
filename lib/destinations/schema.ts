// Destination inputs, shared by the forms, the server actions and /api/v1 (and its OpenAPI document).
import { z } from "zod";
import { CIRCUIT_STATES } from "@/lib/destinations/circuit-policy";
import { HIDDEN_HEADER_VALUE } from "@/lib/destinations/hidden-header-value";
import { PAUSE_CAUSES } from "@/lib/destinations/pause-cause";
import { OrderingKeyTemplate } from "@/lib/ordering/schema";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];
export const DEFAULT_MAX_CONCURRENCY = 10;
export const MAX_RETRIES = 20;
/** Circuit history entries shown and returned (newest first). */
export const CIRCUIT_HISTORY_LIMIT = 50;
export const MAX_RETRY_DELAY_SECONDS = 24 * 60 * 60;
export const MAX_HEADERS = 50;
export const MAX_ROTATION_OVERLAP_HOURS = 30 * 24;
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;

// Headers we never let a destination set: hop-by-hop and framing headers (the client owns the
// connection), and the Standard Webhooks headers we compute for every request.
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "expect",
]);
// Headers whose only use is asking a cloud metadata service for credentials (GCP, Azure, AWS IMDSv2).
// The SSRF guard never lets a delivery reach one; refusing them too keeps a second line of defence.
const METADATA_HEADERS = new Set(["metadata-flavor", "metadata", "x-google-metadata-request", "x-aws-ec2-metadata-token", "x-aws-ec2-metadata-token-ttl-seconds"]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII, space and tab (and obs-text bytes), never CR, LF or NUL.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Why a custom header name cannot be used, or null when it can. */
export function headerNameProblem(name: string): string | null {
  if (!HEADER_NAME.test(name)) return `"${name}" is not a valid header name`;
  const lower = name.toLowerCase();
  if (lower.startsWith("webhook-")) return `${name} is set by Switchyard (it signs every request)`;
  if (RESERVED_HEADERS.has(lower)) return `${name} is managed by the HTTP client and cannot be set`;
  if (METADATA_HEADERS.has(lower)) return `${name} is only used to ask cloud metadata services for credentials, which destinations can never reach`;
  return null;
}

const name = z.string().trim().min(1, "Give the destination a name").max(100, "Use at most 100 characters");

const url = z
  .string()
  .trim()
  .min(1, "Enter the URL to deliver to")
  .max(2048, "Use at most 2048 characters")
  .superRefine((value, ctx) => {
    if (value === "") return; // already reported
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a full URL, like https://example.com/hooks" });
      return;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "Only http and https URLs can receive webhooks" });
    }
    if (parsed.username !== "" || parsed.password !== "") {
      ctx.addIssue({ code: "custom", message: "Put credentials in a header (e.g. Authorization), not in the URL" });
    }
  });

const headers = z
  .record(z.string(), z.string().max(4096, "Header values are limited to 4096 characters"))
  .superRefine((value, ctx) => {
    const names = Object.keys(value);
    if (names.length > MAX_HEADERS) ctx.addIssue({ code: "custom", message: `At most ${MAX_HEADERS} headers` });
    const seen = new Set<string>();
    for (const headerName of names) {
      const problem = headerNameProblem(headerName);
      if (problem) ctx.addIssue({ code: "custom", path: [headerName], message: problem });
      if (seen.has(headerName.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: [headerName], message: `${headerName} is given twice` });
      }
      seen.add(headerName.toLowerCase());
      const headerValue = value[headerName] ?? "";
      if (headerValue !== HIDDEN_HEADER_VALUE && !HEADER_VALUE.test(headerValue)) {
        ctx.addIssue({ code: "custom", path: [headerName], message: "Header values cannot contain line breaks or control characters" });
      }
    }
  });

const settings = {
  url,
  headers,
  timeoutMs: z.number().int().min(1000, "At least 1000 ms").max(60_000, "At most 60000 ms (one minute)"),
  retrySchedule: z
    .array(z.number().int().min(1, "Each delay is at least 1 second").max(MAX_RETRY_DELAY_SECONDS, "Each delay is at most 86400 seconds (24 h)"))
    .max(MAX_RETRIES, `At most ${MAX_RETRIES} retries`),
  maxConcurrency: z.number().int().min(1, "At least 1").max(100, "At most 100"),
  rateLimitPerSecond: z.number().int().min(1, "At least 1 per second").max(1000, "At most 1000 per second").nullable(),
  allowPrivateNetwork: z.boolean(),
  orderingKey: OrderingKeyTemplate,
};

export const DestinationCreateInput = z.object({
  name,
  url: settings.url,
  headers: settings.headers.default({}),
  timeoutMs: settings.timeoutMs.default(DEFAULT_TIMEOUT_MS),
  retrySchedule: settings.retrySchedule.default(DEFAULT_RETRY_SCHEDULE),
  maxConcurrency: settings.maxConcurrency.default(DEFAULT_MAX_CONCURRENCY),
  rateLimitPerSecond: settings.rateLimitPerSecond.default(null),
  allowPrivateNetwork: settings.allowPrivateNetwork.default(false),
  orderingKey: settings.orderingKey.optional(),
});
export type DestinationCreateInput = z.input<typeof DestinationCreateInput>;

export const DestinationUpdateInput = z.object({
  name: name.optional(),
  url: settings.url.optional(),
  /** Replaces all custom headers; a value equal to HIDDEN_HEADER_VALUE keeps that header's stored value. */
  headers: settings.headers.optional(),
  timeoutMs: settings.timeoutMs.optional(),
  retrySchedule: settings.retrySchedule.optional(),
  maxConcurrency: settings.maxConcurrency.optional(),
  rateLimitPerSecond: settings.rateLimitPerSecond.optional(),
  allowPrivateNetwork: settings.allowPrivateNetwork.optional(),
  orderingKey: settings.orderingKey.optional(),
});
export type DestinationUpdateInput = z.input<typeof DestinationUpdateInput>;

export const RotateDestinationSecretInput = z.object({
  /** The new whsec_ secret; omitted, one is generated (the usual case). */
  secret: z
    .string()
    .trim()
    .max(1000)
    .superRefine((value, ctx) => {
      const problem = standardWebhooks.checkSecret(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  /** How long the current secrets keep signing alongside the new one. 0 retires them at once. */
  overlapHours: z.number().min(0).max(MAX_ROTATION_OVERLAP_HOURS, "At most 30 days").default(DEFAULT_ROTATION_OVERLAP_HOURS),
});
export type RotateDestinationSecretInput = z.input<typeof RotateDestinationSecretInput>;

export const PauseDestinationInput = z.object({
  reason: z.string().trim().min(1).max(500).default("paused by an operator"),
});
export type PauseDestinationInput = z.input<typeof PauseDestinationInput>;

export const DESTINATION_STATES = ["active", "paused"] as const;

/** A destination's circuit breaker (lib/destinations/circuit-policy.ts). */
export const CircuitView = z
  .object({
    state: z
      .enum(CIRCUIT_STATES)
      .describe("closed: deliveries flow. open: the endpoint kept failing, deliveries are held and one probe at a time tests it."),
    failingSince: z.iso.datetime().nullable().describe("When the current run of failed attempts began; null since the last success."),
    openedAt: z.iso.datetime().nullable().describe("When the circuit opened; null while closed."),
    nextProbeAt: z.iso.datetime().nullable().describe("When the next probe is due while open; null while closed."),
    probesFailed: z.number().int().describe("Probes that failed since the circuit opened (each waits longer: 10 s, 20 s, 40 s, then 60 s)."),
  })
  .describe(
    "The circuit opens when the endpoint has failed, without a single success, for a while (60 s and 10 attempts in a row by default); deliveries are then held, and a probe (one real attempt) at growing intervals closes it again when it succeeds, draining the backlog gradually. Separate from an operator's pause.",
  );
export type CircuitView = z.infer<typeof CircuitView>;

/** The shape of a destination in the API and the UI. Signing secrets appear only masked. */
export const DestinationView = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  headers: z
    .record(z.string(), z.string())
    .describe(`Custom header names, each value shown as "${HIDDEN_HEADER_VALUE}" (values are often credentials). Reveal them with revealDestinationHeaders; sent back unchanged in an update, a hidden value keeps the stored one.`),
  timeoutMs: z.number().int(),
  retrySchedule: z.array(z.number().int()),
  maxConcurrency: z.number().int(),
  rateLimitPerSecond: z.number().int().nullable(),
  allowPrivateNetwork: z.boolean(),
  orderingKey: z
    .string()
    .nullable()
    .describe("The ordering key template (e.g. {{ticket.id}}): deliveries with the same rendered key go one at a time in receive order. null: unordered."),
  state: z.enum(DESTINATION_STATES),
  pausedReason: z.string().nullable(),
  pausedAt: z.iso.datetime().nullable(),
  pauseCause: z
    .enum(PAUSE_CAUSES)
    .nullable()
    .describe("Why it is paused: gone (the endpoint answered 410), operator; null when active. A pause lasts until someone resumes it."),
  consecutiveFailures: z.number().int().describe("Failed attempts in a row since the last success."),
  circuit: CircuitView,
  secrets: z.array(
    z.object({ id: z.uuid(), hint: z.string(), createdAt: z.iso.datetime(), expiresAt: z.iso.datetime().nullable(), active: z.boolean() }),
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DestinationView = z.infer<typeof DestinationView>;

const HealthWindow = z.object({
  attempts: z.number().int(),
  /** Attempts answered with a 2xx. */
  succeeded: z.number().int(),
  successRate: z.number().nullable().describe("succeeded / attempts, from 0 to 1; null without attempts."),
  p50Ms: z.number().int().nullable().describe("Median time an attempt took, in ms (every attempt, failures included)."),
  p95Ms: z.number().int().nullable().describe("95th percentile of the time an attempt took, in ms."),
});

/** How a destination's endpoint is doing (lib/destinations/destination-health.ts). */
export const DestinationHealthView = z.object({
  consecutiveFailures: z.number().int().describe("Failed attempts in a row since the last success."),
  failingSince: z.iso.datetime().nullable().describe("When those failed attempts began; null since the last success."),
  waiting: z.number().int().describe("Deliveries waiting for an attempt (pending or retrying)."),
  lastHour: HealthWindow,
  lastDay: HealthWindow,
  lastError: z
    .object({
      at: z.iso.datetime(),
      responseStatus: z.number().int().nullable(),
      errorClass: z.string().nullable().describe("timeout, connection_refused, http_status, …"),
      message: z.string().nullable(),
    })
    .nullable()
    .describe("The most recent failed attempt of the last day."),
});
export type DestinationHealthView = z.infer<typeof DestinationHealthView>;

/** One change of a destination's circuit, or a failed probe (from open to open). */
export const CircuitEventView = z.object({
  at: z.iso.datetime(),
  from: z.enum(CIRCUIT_STATES),
  to: z.enum(CIRCUIT_STATES),
  reason: z.string().describe('In words, e.g. "failing for 75 s, 42 attempts in a row (last: HTTP 503)", "probe failed: connection refused; next probe in 40 s", "probe succeeded: HTTP 200".'),
});
export type CircuitEventView = z.infer<typeof CircuitEventView>;

/** A destination's circuit breaker with the rules it follows and its recent history (lib/destinations/get-destination-circuit.ts). */
export const DestinationCircuitView = CircuitView.extend({
  consecutiveFailures: z.number().int().describe("Failed attempts in a row since the last success."),
  policy: z
    .object({
      openAfterSeconds: z.number().int().describe("The endpoint must have been failing without a success for this long…"),
      minFailures: z.number().int().describe("…over at least this many attempts in a row, for the circuit to open."),
      probeIntervalsSeconds: z.array(z.number().int()).describe("The wait before each probe while open; the last one repeats."),
    })
    .describe("This instance's thresholds (CIRCUIT_OPEN_AFTER_SECONDS, CIRCUIT_MIN_FAILURES)."),
  history: z.array(CircuitEventView).describe(`The last ${CIRCUIT_HISTORY_LIMIT} changes and failed probes, newest first.`),
});
export type DestinationCircuitView = z.infer<typeof DestinationCircuitView>;

/** A test delivery ("Send a test delivery") and its outcome. */
export const TestDeliveryView = z
  .object({
    id: z.uuid(),
    destinationId: z.uuid(),
    webhookId: z.string().describe("The webhook-id header it was sent with (msg_…)."),
    startedAt: z.iso.datetime(),
    durationMs: z.number().int(),
    requestUrl: z.string(),
    requestBody: z.string().describe('The JSON body sent: {"type":"switchyard.test",…}.'),
    ok: z.boolean().describe("True when the endpoint answered 2xx."),
    responseStatus: z.number().int().nullable().describe("The HTTP status it answered; null when it did not answer."),
    responseSnippet: z.string().nullable().describe("The start of the response body (up to 500 characters)."),
    errorClass: z
      .string()
      .nullable()
      .describe("Why it failed: http_status, connection_refused, timeout, dns, tls, blocked_address (the address policy refused it), …; null when ok."),
    errorMessage: z.string().nullable().describe("What went wrong, in words."),
    actorLabel: z.string().describe("Who sent it."),
  })
  .describe("One signed test request to a destination, made by an operator; not a delivery (no event, no retries, not counted in health or the circuit breaker).");
export type TestDeliveryView = z.infer<typeof TestDeliveryView>;

export function toTestDeliveryView(record: Omit<TestDeliveryView, "startedAt"> & { startedAt: Date }): TestDeliveryView {
  return { ...record, startedAt: record.startedAt.toISOString() };
}

/** Whether a destination is healthy again with failed deliveries waiting (lib/destinations/get-destination-recovery.ts). */
export const DestinationRecoveryView = z
  .object({
    failed: z.number().int().describe("Deliveries that failed for good (no retries left): what a bulk retry of this destination would retry."),
    waiting: z.number().int().describe("Deliveries waiting for an attempt (pending or retrying)."),
    healthyAgain: z
      .boolean()
      .describe("True when failed deliveries wait while the destination works again: active, circuit closed, and its latest attempt (or a test delivery since it began failing) succeeded."),
    evidence: z
      .enum(["attempt_succeeded", "test_succeeded"])
      .nullable()
      .describe("Why it counts as healthy again: its latest delivery attempt succeeded, or a test delivery did; null when it is not."),
  })
  .describe("A destination's failed deliveries and whether now is the time to retry them (POST /bulk-operations with kind retry and filter.destination).");
export type DestinationRecoveryView = z.infer<typeof DestinationRecoveryView>;
