// The request of one delivery attempt: headers (the destination's own, decrypted; content type;
// user agent), the Standard Webhooks signature for every active secret, and the POST through the
// SSRF-guarded client. Never throws: whatever goes wrong (headers or secrets that cannot be
// decrypted, the endpoint refusing, a timeout) is an outcome, recorded as an attempt like any other,
// and nothing is ever sent unsigned or without the headers the receiver expects.
// A destination is opened once for all the requests of its transaction (openDestination): its
// headers and secrets are decrypted then, not per request, and the plaintext lives no longer than
// that transaction. Per request, decrypting was 4% of the worker's CPU at 1,000 events/s.
import { STATUS_CODES } from "node:http";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { headerNameProblem } from "@/lib/destinations/schema";
import { openHeaders } from "@/lib/destinations/sealed-headers";
import { GuardedRequestError } from "@/lib/net/errors";
import { guardedRequest, type GuardedResponse, type HostLookup } from "@/lib/net/guarded-request";
import { recordedRequestHeaders } from "@/lib/pipeline/dispatch/recorded-headers";
import { signOutgoing } from "@/lib/pipeline/dispatch/sign-outgoing";

export const USER_AGENT = "Switchyard";
export const MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_ERROR_MESSAGE = 2000;

/** A destination's columns an attempt is sent by, as both senders read them (deliveries, and a destination's test delivery). */
export interface AttemptDestination {
  url: string;
  /** The sealed custom headers, as stored. */
  headers: unknown;
  /** Encrypted active secrets, newest first. */
  secrets: readonly string[];
  timeout_ms: number;
  allow_private_network: boolean;
}

/** A part of a destination read for its requests, or why it could not be read (then nothing is sent). */
export type Opened<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * A destination ready for its requests: what it decides of each (where it goes, its headers and
 * secrets in plaintext, its timeout, which addresses it may reach), or why a request cannot be sent.
 */
export interface OpenedDestination {
  url: string;
  /** Its custom headers. */
  customHeaders: Opened<Record<string, string>>;
  /** Its active secrets, newest first. */
  secrets: Opened<string[]>;
  timeoutMs: number;
  allowPrivateNetwork: boolean;
  allowCidrs: readonly string[];
  lookup?: HostLookup;
}

/**
 * Opens a destination for its requests: decrypts its headers and secrets once. Allowed addresses are
 * the instance's OUTBOUND_ALLOW_CIDRS unless a test gives its own, with a test's DNS lookup.
 */
export function openDestination(
  destination: AttemptDestination,
  { allowCidrs, lookup }: { allowCidrs?: readonly string[] | undefined; lookup?: HostLookup | undefined },
): OpenedDestination {
  return {
    url: destination.url,
    // ENCRYPTION_KEY changed: never send without the headers the receiver expects.
    customHeaders: opened(() => openHeaders(destination.headers), (message) => `Could not read the destination's custom headers: ${message}`),
    // ENCRYPTION_KEY changed: never send unsigned.
    secrets: opened(() => destination.secrets.map((encrypted) => decryptSecret(encrypted)), (message) => `Could not sign the request: ${message}`),
    timeoutMs: destination.timeout_ms,
    allowPrivateNetwork: destination.allow_private_network,
    allowCidrs: allowCidrs ?? env().OUTBOUND_ALLOW_CIDRS,
    ...(lookup ? { lookup } : {}),
  };
}

function opened<T>(read: () => T, problem: (message: string) => string): Opened<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, problem: problem(messageOf(error)) };
  }
}

/** One attempt's request: its destination, opened, and the delivery's own parts. */
export interface AttemptRequest {
  destination: OpenedDestination;
  webhookId: string;
  body: Buffer;
  contentType: string | null;
  /** The attempt span's traceparent/tracestate (lib/tracing), when it is traced. */
  traceHeaders?: Record<string, string>;
}

export interface SentAttempt {
  response: GuardedResponse | null;
  errorClass: string | null;
  errorMessage: string | null;
  /** What was sent, for the attempt log: every custom header's value replaced (recorded-headers.ts). */
  recordedRequestHeaders: Record<string, string>;
  startedAt: Date;
  durationMs: number;
}

/** Sends one attempt. `clock` gives the database's time (the signature's timestamp and startedAt). */
export async function sendAttempt({ destination, webhookId, body, contentType, traceHeaders }: AttemptRequest, clock: () => Date): Promise<SentAttempt> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  if (contentType) headers["content-type"] = contentType;
  const customHeaders = destination.customHeaders.ok ? destination.customHeaders.value : {};
  let failure: Pick<SentAttempt, "errorClass" | "errorMessage"> | null = destination.customHeaders.ok
    ? null
    : { errorClass: "secrets", errorMessage: destination.customHeaders.problem };
  // The destination's own headers may replace the two above, never the signature headers.
  for (const [name, value] of Object.entries(customHeaders)) if (headerNameProblem(name) === null) headers[name.toLowerCase()] = value;
  // The attempt's own trace context replaces any the destination's headers name.
  if (traceHeaders) Object.assign(headers, traceHeaders);

  const startedAt = clock();
  const started = performance.now();
  if (!destination.secrets.ok) failure ??= { errorClass: "signing", errorMessage: destination.secrets.problem };
  else {
    try {
      Object.assign(headers, signOutgoing({ webhookId, body, secrets: destination.secrets.value, now: startedAt }));
    } catch (error) {
      // No active secret: never send unsigned.
      failure ??= { errorClass: "signing", errorMessage: `Could not sign the request: ${messageOf(error)}` };
    }
  }
  const outcome = failure ? { response: null, ...failure } : await send(destination, body, headers);
  return {
    ...outcome,
    recordedRequestHeaders: recordedRequestHeaders(headers, customHeaders),
    startedAt,
    durationMs: Math.max(0, Math.round(performance.now() - started)),
  };
}

async function send(destination: OpenedDestination, body: Buffer, headers: Record<string, string>): Promise<Pick<SentAttempt, "response" | "errorClass" | "errorMessage">> {
  try {
    const response = await guardedRequest({
      url: destination.url,
      method: "POST",
      headers,
      body,
      timeoutMs: destination.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      allowPrivateNetwork: destination.allowPrivateNetwork,
      allowCidrs: destination.allowCidrs,
      ...(destination.lookup ? { lookup: destination.lookup } : {}),
    });
    if (response.status >= 200 && response.status < 300) return { response, errorClass: null, errorMessage: null };
    return { response, errorClass: "http_status", errorMessage: statusMessage(response) };
  } catch (error) {
    if (error instanceof GuardedRequestError) return { response: null, errorClass: error.kind, errorMessage: clip(error.message) };
    return { response: null, errorClass: "network", errorMessage: clip(`The request failed: ${messageOf(error)}`) };
  }
}

function statusMessage(response: GuardedResponse): string {
  const status = `${response.status}${STATUS_CODES[response.status] ? ` ${STATUS_CODES[response.status]}` : ""}`;
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.location;
    return clip(
      `The endpoint answered ${status}${location ? ` (to ${location})` : ""}; redirects are not followed, so point the destination at the final URL`,
    );
  }
  if (response.status === 410) return `The endpoint answered ${status}: the destination is paused until someone resumes it`;
  return `The endpoint answered ${status}`;
}

/** UTF-8 text of at most 64 KiB of body (PostgreSQL text cannot hold NUL, so those are replaced). */
export function responseText(body: Buffer): string {
  return body.subarray(0, MAX_RESPONSE_BYTES).toString("utf8").replaceAll("\u0000", "\uFFFD");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
}
