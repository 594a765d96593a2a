// The request of one delivery attempt: headers (the destination's own, decrypted; content type;
// user agent), the Standard Webhooks signature for every active secret, and the POST through the
// SSRF-guarded client. Never throws: whatever goes wrong (headers or secrets that cannot be
// decrypted, the endpoint refusing, a timeout) is an outcome, recorded as an attempt like any other,
// and nothing is ever sent unsigned or without the headers the receiver expects.
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

export interface AttemptRequest {
  webhookId: string;
  url: string;
  body: Buffer;
  contentType: string | null;
  /** The destination's sealed custom headers, as stored. */
  sealedHeaders: unknown;
  /** Encrypted active secrets, newest first. */
  secrets: readonly string[];
  timeoutMs: number;
  allowPrivateNetwork: boolean;
  allowCidrs: readonly string[];
  lookup?: HostLookup;
  /** The attempt span's traceparent/tracestate (lib/tracing), when it is traced. */
  traceHeaders?: Record<string, string>;
}

/** A destination's columns an attempt is sent by, as both senders read them (deliveries, and a destination's test delivery). */
export interface AttemptDestination {
  url: string;
  headers: unknown;
  secrets: readonly string[];
  timeout_ms: number;
  allow_private_network: boolean;
}

/**
 * The part of an attempt's request its destination decides: where it goes, its headers and secrets,
 * its timeout, and which addresses it may reach (the instance's OUTBOUND_ALLOW_CIDRS unless a test
 * gives its own, with a test's DNS lookup).
 */
export function requestTo(
  destination: AttemptDestination,
  { allowCidrs, lookup }: { allowCidrs?: readonly string[] | undefined; lookup?: HostLookup | undefined },
): Pick<AttemptRequest, "url" | "sealedHeaders" | "secrets" | "timeoutMs" | "allowPrivateNetwork" | "allowCidrs" | "lookup"> {
  return {
    url: destination.url,
    sealedHeaders: destination.headers,
    secrets: destination.secrets,
    timeoutMs: destination.timeout_ms,
    allowPrivateNetwork: destination.allow_private_network,
    allowCidrs: allowCidrs ?? env().OUTBOUND_ALLOW_CIDRS,
    ...(lookup ? { lookup } : {}),
  };
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
export async function sendAttempt(request: AttemptRequest, clock: () => Date): Promise<SentAttempt> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  if (request.contentType) headers["content-type"] = request.contentType;
  let customHeaders: Record<string, string> = {};
  let failure: Pick<SentAttempt, "errorClass" | "errorMessage"> | null = null;
  try {
    customHeaders = openHeaders(request.sealedHeaders);
  } catch (error) {
    // ENCRYPTION_KEY changed: never send without the headers the receiver expects.
    failure = { errorClass: "secrets", errorMessage: `Could not read the destination's custom headers: ${messageOf(error)}` };
  }
  // The destination's own headers may replace the two above, never the signature headers.
  for (const [name, value] of Object.entries(customHeaders)) if (headerNameProblem(name) === null) headers[name.toLowerCase()] = value;
  // The attempt's own trace context replaces any the destination's headers name.
  if (request.traceHeaders) Object.assign(headers, request.traceHeaders);

  const startedAt = clock();
  const started = performance.now();
  try {
    const secrets = request.secrets.map((encrypted) => decryptSecret(encrypted));
    Object.assign(headers, signOutgoing({ webhookId: request.webhookId, body: request.body, secrets, now: startedAt }));
  } catch (error) {
    // No active secret, or ENCRYPTION_KEY changed: never send unsigned.
    failure ??= { errorClass: "signing", errorMessage: `Could not sign the request: ${messageOf(error)}` };
  }
  const outcome = failure ? { response: null, ...failure } : await send(request, headers);
  return {
    ...outcome,
    recordedRequestHeaders: recordedRequestHeaders(headers, customHeaders),
    startedAt,
    durationMs: Math.max(0, Math.round(performance.now() - started)),
  };
}

async function send(request: AttemptRequest, headers: Record<string, string>): Promise<Pick<SentAttempt, "response" | "errorClass" | "errorMessage">> {
  try {
    const response = await guardedRequest({
      url: request.url,
      method: "POST",
      headers,
      body: request.body,
      timeoutMs: request.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      allowPrivateNetwork: request.allowPrivateNetwork,
      allowCidrs: request.allowCidrs,
      ...(request.lookup ? { lookup: request.lookup } : {}),
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
