// One attempt of one delivery: the whole of a `deliver` job. Idempotent under at-least-once jobs.
//
// Everything happens in ONE transaction that stays open for the HTTP request:
//   1. A transaction-scoped advisory lock keyed by the delivery id (pg_try_advisory_xact_lock):
//      taken, or another worker is attempting this delivery right now and we leave it to them.
//      (An advisory lock rather than FOR UPDATE on the row, so operators' writes to the delivery,
//      such as a cancel, are not blocked for the length of a request.)
//   2. Nothing to do when the delivery is gone, already succeeded/failed/cancelled, or not due yet
//      (a stale duplicate job: whoever moved nextAttemptAt also enqueued the job for it), or when
//      its destination is paused (resuming re-enqueues).
//   3. A concurrency slot and, if the destination has one, room under its rate limit
//      (destination-limits.ts). Neither: the job is re-enqueued a moment later, the delivery is
//      left as it is, and the worker moves on instead of waiting.
//   4. The request through the SSRF-guarded client, signed for every active secret.
//   5. The attempt row, the delivery's new state and, for a retry, the next job (sendJob on this
//      transaction), committed together. A worker killed before the commit leaves no trace: the
//      transaction rolls back, its locks go with its connection, and pg-boss hands the job out
//      again once it expires.
// Database times (startedAt, nextAttemptAt, the job's startAfter) come from PostgreSQL's clock,
// the one pg-boss schedules jobs by, so a worker with a skewed clock cannot strand a retry.
import { STATUS_CODES } from "node:http";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { acquireDestinationSlot, admitUnderRateLimit } from "@/lib/delivery/destination-limits";
import { nextRetryDelay } from "@/lib/delivery/retry-schedule";
import { signOutgoing } from "@/lib/delivery/sign-outgoing";
import { headerNameProblem } from "@/lib/destinations/schema";
import { storedHeaders } from "@/lib/destinations/to-destination-view";
import { env } from "@/lib/env";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { GuardedRequestError, guardedRequest, type GuardedResponse, type HostLookup } from "@/lib/net";
import { inTransaction, sendJob } from "@/lib/queue";

export const USER_AGENT = "Switchyard";
export const MAX_RESPONSE_BYTES = 64 * 1024;
export const GONE_REASON = "endpoint answered 410 Gone";
/** Longest destination timeout (schema: 60 s) plus room for the transaction's own statements. */
const TRANSACTION_TIMEOUT_MS = 60_000 + 30_000;
/** A stale job may run this much early (rounding between our clock reads and pg-boss's). */
const DUE_TOLERANCE_MS = 1000;
const MAX_ERROR_MESSAGE = 2000;
const SECRET_HEADER = /authorization|token|key|secret|password|cookie|credential|session/i;

export type DeferReason = "concurrency" | "rate_limit";

export type AttemptDeliveryResult =
  | { outcome: "missing" }
  | { outcome: "busy" }
  | { outcome: "finished"; status: DeliveryStatus }
  | { outcome: "not_due"; nextAttemptAt: Date }
  | { outcome: "paused" }
  | { outcome: "deferred"; reason: DeferReason; startAfter: Date }
  | {
      outcome: "attempted";
      attempt: number;
      status: DeliveryStatus;
      responseStatus: number | null;
      errorClass: string | null;
      nextAttemptAt: Date | null;
    };

export interface AttemptDeliveryOptions {
  deliveryId: string;
  /** Instance allowlist; defaults to OUTBOUND_ALLOW_CIDRS. */
  allowCidrs?: readonly string[];
  /** [0, 1) for retry jitter and deferral spread (tests inject it). */
  random?: () => number;
  /** Name resolution (tests); defaults to the system resolver. */
  lookup?: HostLookup;
}

interface Outcome {
  response: GuardedResponse | null;
  errorClass: string | null;
  errorMessage: string | null;
}

export async function attemptDelivery({ deliveryId, allowCidrs, random = Math.random, lookup }: AttemptDeliveryOptions): Promise<AttemptDeliveryResult> {
  return db().$transaction(
    async (tx): Promise<AttemptDeliveryResult> => {
      const [lock] = await tx.$queryRaw<Array<{ locked: boolean; now: Date }>>`
        SELECT pg_try_advisory_xact_lock(hashtextextended(${`switchyard.delivery:${deliveryId}`}, 0)) AS locked, clock_timestamp() AS now`;
      if (!lock?.locked) return { outcome: "busy" };
      const now = lock.now;

      const delivery = await tx.delivery.findUnique({
        where: { id: deliveryId },
        select: { id: true, eventId: true, destinationId: true, webhookId: true, status: true, nextAttemptAt: true, body: true },
      });
      if (!delivery) return { outcome: "missing" };
      if (delivery.status !== "pending" && delivery.status !== "retrying") return { outcome: "finished", status: delivery.status };
      if (delivery.nextAttemptAt && delivery.nextAttemptAt.getTime() > now.getTime() + DUE_TOLERANCE_MS) {
        return { outcome: "not_due", nextAttemptAt: delivery.nextAttemptAt };
      }

      const destination = await tx.destination.findUnique({
        where: { id: delivery.destinationId },
        include: { secrets: { where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, orderBy: { createdAt: "desc" } } },
      });
      if (!destination) return { outcome: "missing" };
      if (destination.state === "paused") return { outcome: "paused" };

      const defer = async (reason: DeferReason, minSeconds: number, spreadSeconds: number): Promise<AttemptDeliveryResult> => {
        const startAfter = new Date(now.getTime() + Math.round((minSeconds + spreadSeconds * random()) * 1000));
        await sendJob({ name: "deliver", payload: { deliveryId }, db: inTransaction(tx), startAfter });
        return { outcome: "deferred", reason, startAfter };
      };
      const slot = await acquireDestinationSlot(tx, destination.id, destination.maxConcurrency);
      if (slot === null) return defer("concurrency", 1, 2);
      if (destination.rateLimitPerSecond !== null && !(await admitUnderRateLimit(tx, destination.id, destination.rateLimitPerSecond, slot))) {
        return defer("rate_limit", 1, 1);
      }

      // The rendered body when a rule built one, otherwise the original bytes as received.
      const event = await tx.event.findUnique({ where: { id: delivery.eventId }, select: { contentType: true, body: delivery.body === null } });
      if (!event) return { outcome: "missing" };
      const body = delivery.body !== null ? toBuffer(delivery.body) : event.body ? toBuffer(event.body) : Buffer.alloc(0);

      const customHeaders = storedHeaders(destination.headers);
      const headers: Record<string, string> = { "user-agent": USER_AGENT };
      if (event.contentType) headers["content-type"] = event.contentType;
      // The destination's own headers may replace the two above, never the signature headers.
      for (const [name, value] of Object.entries(customHeaders)) if (headerNameProblem(name) === null) headers[name.toLowerCase()] = value;

      const [clock] = await tx.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS now`;
      const startedAt = clock?.now ?? new Date();
      const started = performance.now();
      let outcome: Outcome | null = null;
      try {
        const secrets = destination.secrets.map((secret) => decryptSecret(secret.encrypted));
        Object.assign(headers, signOutgoing({ webhookId: delivery.webhookId, body, secrets, now: startedAt }));
      } catch (error) {
        // No active secret, or ENCRYPTION_KEY changed: never send unsigned; an attempt like any other.
        outcome = { response: null, errorClass: "signing", errorMessage: `Could not sign the request: ${messageOf(error)}` };
      }
      outcome ??= await send({
        url: destination.url,
        headers,
        body,
        timeoutMs: destination.timeoutMs,
        allowPrivateNetwork: destination.allowPrivateNetwork,
        allowCidrs: allowCidrs ?? env().OUTBOUND_ALLOW_CIDRS,
        ...(lookup ? { lookup } : {}),
      });
      const durationMs = Math.max(0, Math.round(performance.now() - started));
      const finishedAt = new Date(startedAt.getTime() + durationMs);

      // Lock the row only now, briefly, and record against its current state.
      const [current] = await tx.$queryRaw<Array<{ status: DeliveryStatus; attempts: number }>>`
        SELECT status, attempts FROM deliveries WHERE id = ${deliveryId}::uuid FOR UPDATE`;
      if (!current) return { outcome: "missing" };
      const attempt = current.attempts + 1;
      const responseStatus = outcome.response?.status ?? null;

      await tx.deliveryAttempt.create({
        data: {
          deliveryId,
          number: attempt,
          startedAt,
          durationMs,
          requestUrl: destination.url,
          requestHeaders: recordedRequestHeaders(headers, customHeaders),
          responseStatus,
          responseHeaders: outcome.response ? redactHeaders(outcome.response.headers) : undefined,
          responseBody: outcome.response ? responseText(outcome.response.body) : null,
          errorClass: outcome.errorClass,
          errorMessage: outcome.errorMessage,
        },
      });

      let status: DeliveryStatus = current.status;
      let nextAttemptAt: Date | null = null;
      if (responseStatus === 410) {
        await tx.destination.updateMany({
          where: { id: destination.id, state: "active" },
          data: { state: "paused", pausedReason: GONE_REASON, pausedAt: finishedAt },
        });
      }
      // A delivery cancelled while its request was in flight keeps its status; the attempt is recorded.
      if (current.status === "pending" || current.status === "retrying") {
        if (responseStatus !== null && responseStatus >= 200 && responseStatus < 300) status = "succeeded";
        else if (responseStatus === 410) status = "failed";
        else {
          const delay = nextRetryDelay({
            schedule: destination.retrySchedule,
            attempt,
            status: responseStatus,
            retryAfter: outcome.response?.headers["retry-after"] ?? null,
            now: finishedAt,
            random,
          });
          if (delay === null) status = "failed";
          else {
            status = "retrying";
            nextAttemptAt = new Date(finishedAt.getTime() + Math.round(delay * 1000));
          }
        }
      }

      await tx.delivery.update({
        where: { id: deliveryId },
        data: {
          status,
          attempts: attempt,
          nextAttemptAt,
          lastStatus: responseStatus,
          lastError: outcome.errorMessage,
          // From the database clock: the rate limit counts deliveries updated in the last second.
          updatedAt: finishedAt,
        },
      });
      if (nextAttemptAt) await sendJob({ name: "deliver", payload: { deliveryId }, db: inTransaction(tx), startAfter: nextAttemptAt });

      return { outcome: "attempted", attempt, status, responseStatus, errorClass: outcome.errorClass, nextAttemptAt };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 15_000 },
  );
}

async function send(options: Parameters<typeof guardedRequest>[0]): Promise<Outcome> {
  try {
    const response = await guardedRequest({ ...options, method: "POST", maxResponseBytes: MAX_RESPONSE_BYTES });
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

/** What we sent, for the attempt log: custom headers that look like credentials are redacted. */
function recordedRequestHeaders(sent: Record<string, string>, custom: Record<string, string>): Record<string, string> {
  const customNames = new Set(Object.keys(custom).map((name) => name.toLowerCase()));
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => [name, customNames.has(name) && SECRET_HEADER.test(name) ? "[redacted]" : value]),
  );
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET_HEADER.test(name) ? "[redacted]" : value]));
}

/** UTF-8 text of at most 64 KiB of body (PostgreSQL text cannot hold NUL, so those are replaced). */
function responseText(body: Buffer): string {
  return body.subarray(0, MAX_RESPONSE_BYTES).toString("utf8").replaceAll("\u0000", "\uFFFD");
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
}
