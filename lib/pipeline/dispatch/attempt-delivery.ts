// One attempt of one delivery: the whole of a `deliver` job, and of a circuit breaker's probe.
// Idempotent under at-least-once jobs.
//
// Everything happens in ONE transaction that stays open for the HTTP request:
//   1. A transaction-scoped advisory lock keyed by the delivery id (pg_try_advisory_xact_lock):
//      taken, or another worker is attempting this delivery right now and we leave it to them.
//      (An advisory lock rather than FOR UPDATE on the row, so operators' writes to the delivery,
//      such as a cancel, are not blocked for the length of a request.) A probe first takes the
//      destination's probe lock the same way, so one probe runs at a time.
//   2. Nothing to do when the delivery is gone, already succeeded/failed/cancelled, or not due yet
//      (a stale duplicate job: whoever moved nextAttemptAt also enqueued the job for it), or when
//      its destination is paused (resuming re-enqueues), or when its circuit is open: the delivery
//      keeps its status and is not charged an attempt; closing the circuit re-enqueues it. A held
//      delivery first waits out a release in progress (the release lock, shared) and looks again,
//      so one committed after the release's snapshot is re-enqueued rather than left behind. A
//      probe goes on only while the circuit is open and its probe is due, whenever the delivery is due.
//   3. A concurrency slot and, if the destination has one, room under its rate limit
//      (destination-limits.ts). Neither: the job is re-enqueued a moment later, the delivery is
//      left as it is, and the worker moves on instead of waiting.
//   4. The request through the SSRF-guarded client, signed for every active secret.
//   5. The attempt row, the delivery's new state, the destination's health (its failed attempts in
//      a row and since when, a 410's pause, and the circuit: opened, a probe's outcome) and, for a
//      retry, the next job (sendJob on this transaction), committed together. A worker killed
//      before the commit leaves no trace: the transaction rolls back, its locks go with its
//      connection, and pg-boss hands the job out again once its heartbeat stops.
// The circuit (lib/destinations/circuit-policy.ts) opens after a failed attempt that finds the
// endpoint failing without a success for the policy's window and minimum of attempts, exactly once
// however many workers fail at once: the RECORD statement's UPDATE holds the destination's row lock
// until commit, so the state it returns is the committed one and OPEN's guard sees no other opener.
// Every commit that leaves a circuit open also commits a `probe-destination` job due at
// circuit_next_probe_at (opening, a failed probe, and a successful one as a fallback until
// lib/destinations/close-circuit.ts closes it), so an open circuit is never left without a probe.
// Database times (startedAt, nextAttemptAt, the job's startAfter) come from PostgreSQL's clock,
// the one pg-boss schedules jobs by, so a worker with a skewed clock cannot strand a retry.
// Hot path (every attempt), on plain pg (withTransaction) rather than a Prisma interactive
// transaction: one statement takes the lock, one loads the delivery with its destination, active
// secrets and event, then the slot (and rate limit), the clock, and after the request the row lock
// and one statement writing the attempt, the delivery and the destination's failure count (one more
// only when a 410 pauses it or the circuit changes); pg-boss inserts its jobs on the same
// connection (onPgClient).
import { STATUS_CODES } from "node:http";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { withTransaction } from "@/lib/db";
import { acquireDestinationSlot, admitUnderRateLimit } from "@/lib/pipeline/dispatch/destination-limits";
import { recordedRequestHeaders, recordedResponseHeaders } from "@/lib/pipeline/dispatch/recorded-headers";
import { nextRetryDelay } from "@/lib/pipeline/dispatch/retry-schedule";
import { signOutgoing } from "@/lib/pipeline/dispatch/sign-outgoing";
import {
  circuitOpenedReason,
  probeDelaySeconds,
  probeFailedReason,
  probeSucceededReason,
  shouldOpenCircuit,
  type CircuitPolicy,
} from "@/lib/destinations/circuit-policy";
import { instanceCircuitPolicy } from "@/lib/destinations/instance-circuit-policy";
import { attemptOutcomeLabel, GONE_REASON } from "@/lib/destinations/pause-cause";
import { probeLockKey, releaseLockKey } from "@/lib/destinations/destination-locks";
import { headerNameProblem } from "@/lib/destinations/schema";
import { openHeaders } from "@/lib/destinations/sealed-headers";
import { env } from "@/lib/env";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { GuardedRequestError } from "@/lib/net/errors";
import { guardedRequest, type GuardedResponse, type HostLookup } from "@/lib/net/guarded-request";
import { onPgClient, sendJob } from "@/lib/queue";

export const USER_AGENT = "Switchyard";
export const MAX_RESPONSE_BYTES = 64 * 1024;
export { GONE_REASON };
/** A stale job may run this much early (rounding between our clock reads and pg-boss's). */
const DUE_TOLERANCE_MS = 1000;
const MAX_ERROR_MESSAGE = 2000;

const log = logger("delivery");

export type DeferReason = "concurrency" | "rate_limit";

/** What an attempt did to its destination's circuit. */
export type CircuitChange =
  /** This failure opened it; the first probe is due at nextProbeAt. */
  | { change: "opened"; reason: string; nextProbeAt: Date }
  /** A probe failed; the next one is due at nextProbeAt. */
  | { change: "probe_failed"; reason: string; nextProbeAt: Date; probesFailed: number }
  /** A probe succeeded: the caller closes the circuit (lib/destinations/close-circuit.ts). */
  | { change: "probe_succeeded"; reason: string }
  /** An attempt already in flight when the circuit opened succeeded: the next probe is due now. */
  | { change: "probe_brought_forward"; nextProbeAt: Date };

export type AttemptDeliveryResult =
  | { outcome: "missing" }
  | { outcome: "busy" }
  | { outcome: "finished"; status: DeliveryStatus }
  | { outcome: "not_due"; nextAttemptAt: Date }
  | { outcome: "paused" }
  /** Held by the destination's open circuit: nothing sent, nothing charged. */
  | { outcome: "circuit_open"; nextProbeAt: Date | null }
  /** The destination was released (resumed, circuit closed) while we looked: a fresh job is queued. */
  | { outcome: "released" }
  /** A probe: another worker is probing this destination right now. */
  | { outcome: "probing" }
  /** A probe: the circuit is closed, or its next probe is not due (a superseded job). */
  | { outcome: "probe_not_due"; circuitState: "closed" | "open"; nextProbeAt: Date | null }
  | { outcome: "deferred"; reason: DeferReason; startAfter: Date }
  | {
      outcome: "attempted";
      destinationId: string;
      attempt: number;
      status: DeliveryStatus;
      responseStatus: number | null;
      errorClass: string | null;
      nextAttemptAt: Date | null;
      /** The destination's failed attempts in a row after this one (0 after a success). */
      consecutiveFailures: number;
      /** Set when this attempt paused the destination (a 410 Gone): why. */
      pausedDestination: string | null;
      circuit: CircuitChange | null;
    };

export interface AttemptDeliveryOptions {
  deliveryId: string;
  /** Make this attempt the circuit breaker's probe of this (the delivery's) destination. */
  probe?: { destinationId: string };
  /** When the circuit opens; defaults to the instance's (CIRCUIT_OPEN_AFTER_SECONDS, CIRCUIT_MIN_FAILURES). */
  circuitPolicy?: CircuitPolicy;
  /** Instance allowlist; defaults to OUTBOUND_ALLOW_CIDRS. */
  allowCidrs?: readonly string[];
  /** [0, 1) for retry jitter and deferral spread (tests inject it). */
  random?: () => number;
  /** Name resolution (tests); defaults to the system resolver. */
  lookup?: HostLookup;
}

const LOCK = `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked, clock_timestamp() AS now`;
const LOCK_SHARED = `SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`;


interface LoadedDelivery {
  webhook_id: string;
  status: DeliveryStatus;
  next_attempt_at: Date | null;
  body: Buffer | null;
  /** null: the destination is gone (the rest of its columns are null too). */
  destination_id: string | null;
  url: string;
  headers: unknown;
  timeout_ms: number;
  retry_schedule: number[];
  max_concurrency: number;
  rate_limit_per_second: number | null;
  allow_private_network: boolean;
  state: "active" | "paused";
  circuit_state: "closed" | "open";
  circuit_next_probe_at: Date | null;
  /** Encrypted active secrets (no expiry, or expiring after `now`), newest first. */
  secrets: string[];
  event_found: boolean;
  content_type: string | null;
  /** The event's body, only when the delivery has no rendered body of its own. */
  event_body: Buffer | null;
}

// The delivery with its destination, the destination's active secrets and what is sent of its event.
const LOAD = `
  SELECT d.webhook_id, d.status::text AS status, d.next_attempt_at, d.body,
         t.id AS destination_id, t.url, t.headers, t.timeout_ms, t.retry_schedule, t.max_concurrency,
         t.rate_limit_per_second, t.allow_private_network, t.state::text AS state,
         t.circuit_state::text AS circuit_state, t.circuit_next_probe_at,
         coalesce((SELECT json_agg(s.encrypted ORDER BY s.created_at DESC) FROM destination_secrets s
                   WHERE s.destination_id = t.id AND (s.expires_at IS NULL OR s.expires_at > $2::timestamptz)), '[]') AS secrets,
         e.id IS NOT NULL AS event_found, e.content_type,
         CASE WHEN d.body IS NULL THEN e.body END AS event_body
  FROM deliveries d
  LEFT JOIN destinations t ON t.id = d.destination_id
  LEFT JOIN events e ON e.id = d.event_id
  WHERE d.id = $1::uuid`;

// The attempt row, the destination's failure count and when its streak began (both reset by a
// 2xx, else one more, the streak starting at this attempt if none was under way) and the delivery's
// new state, in one statement. The count is a plain UPDATE: concurrent attempts queue on the row
// and each adds to the committed value, and RETURNING gives the row as committed before us plus
// our change (the circuit's state included), which is what makes opening it exactly-once. (Locking
// the row first with SELECT … FOR NO KEY UPDATE in a CTE and updating it in another took the tuple
// lock twice within one statement, which deadlocked against a second attempt queued in between.)
// A success that finds the count at 0 leaves the destination row alone: no write, no lock, no live
// notification on the hot path (a probe always takes the row: it decides the circuit). Lock order: the delivery row (locked before this statement), then
// the destination's; requeue-waiting-deliveries.ts (a resume, a closing circuit) takes them in the
// same order. ($12: a 2xx; $17: a probe.)
const RECORD = `
  WITH attempt AS (
    INSERT INTO delivery_attempts (delivery_id, number, started_at, duration_ms, request_url, request_headers,
                                   response_status, response_headers, response_body, error_class, error_message, probe)
    VALUES ($1::uuid, $2::int, $3::timestamptz, $4::int, $5::text, $6::jsonb, $7::int, $8::jsonb, $9::text, $10::text, $11::text, $17::boolean)
  ), health AS (
    UPDATE destinations
    SET consecutive_failures = CASE WHEN $12::boolean THEN 0 ELSE consecutive_failures + 1 END,
        failing_since = CASE WHEN $12::boolean THEN NULL ELSE coalesce(failing_since, $3::timestamptz) END
    WHERE id = $13::uuid AND NOT ($12::boolean AND consecutive_failures = 0 AND NOT $17::boolean)
    RETURNING consecutive_failures, failing_since, state::text AS state, circuit_state::text AS circuit_state, circuit_probes_failed
  ), delivery AS (
    UPDATE deliveries
    SET status = $14::"DeliveryStatus", attempts = $2::int, next_attempt_at = $15::timestamptz, last_status = $7::int,
        last_error = $11::text, updated_at = $16::timestamptz
    WHERE id = $1::uuid
  )
  SELECT consecutive_failures, failing_since, state, circuit_state, circuit_probes_failed FROM health`;

interface HealthRow {
  consecutive_failures: number;
  failing_since: Date | null;
  state: "active" | "paused";
  circuit_state: "closed" | "open";
  circuit_probes_failed: number;
}

// The pause a 410 brings, with its audit entry (by the system, as lib/audit/record-audit.ts would
// write it). Only run after RECORD, whose UPDATE holds the destination's row lock until commit, so
// the state it read cannot change in between: exactly one attempt pauses the destination.
const PAUSE = `
  WITH paused AS (
    UPDATE destinations SET state = 'paused', paused_reason = $2::text, paused_at = $3::timestamptz, updated_at = $3::timestamptz
    WHERE id = $1::uuid AND state = 'active'
    RETURNING id, name
  )
  INSERT INTO audit_log (actor_id, actor_label, action, target_type, target_id, target_name, details)
  SELECT NULL, 'system', 'destination.paused', 'destination', id::text, name, jsonb_build_object('reason', $2::text)
  FROM paused`;

// Opens the circuit, with its history row and audit entry. Only run after RECORD (its row lock, as
// for PAUSE); the guard on circuit_state makes a second opener a no-op all the same. ($3: now, $4:
// the first probe.)
const OPEN = `
  WITH opened AS (
    UPDATE destinations
    SET circuit_state = 'open', circuit_opened_at = $3::timestamptz, circuit_next_probe_at = $4::timestamptz,
        circuit_probes_failed = 0, updated_at = $3::timestamptz
    WHERE id = $1::uuid AND state = 'active' AND circuit_state = 'closed'
    RETURNING id, name
  ), history AS (
    INSERT INTO destination_circuit_events (destination_id, at, from_state, to_state, reason)
    SELECT id, $3::timestamptz, 'closed', 'open', $2::text FROM opened
  )
  INSERT INTO audit_log (actor_id, actor_label, action, target_type, target_id, target_name, details)
  SELECT NULL, 'system', 'destination.circuit_opened', 'destination', id::text, name, jsonb_build_object('reason', $2::text)
  FROM opened
  RETURNING id`;

// A failed probe: the next one waits longer. ($3: now, $4: the next probe.)
const PROBE_FAILED = `
  WITH rescheduled AS (
    UPDATE destinations
    SET circuit_probes_failed = circuit_probes_failed + 1, circuit_next_probe_at = $4::timestamptz
    WHERE id = $1::uuid AND circuit_state = 'open'
    RETURNING id, circuit_probes_failed
  ), history AS (
    INSERT INTO destination_circuit_events (destination_id, at, from_state, to_state, reason)
    SELECT id, $3::timestamptz, 'open', 'open', $2::text FROM rescheduled
  )
  SELECT circuit_probes_failed FROM rescheduled`;

// The next probe at $2 (a successful probe's fallback until the circuit is closed; or now, when an
// attempt in flight since before the circuit opened succeeded), unless one is due sooner.
const PROBE_AT = `
  UPDATE destinations SET circuit_next_probe_at = $2::timestamptz
  WHERE id = $1::uuid AND circuit_state = 'open' AND (circuit_next_probe_at IS NULL OR circuit_next_probe_at > $2::timestamptz OR $3::boolean)
  RETURNING id`;

interface Outcome {
  response: GuardedResponse | null;
  errorClass: string | null;
  errorMessage: string | null;
}

export async function attemptDelivery({
  deliveryId,
  probe,
  circuitPolicy,
  allowCidrs,
  random = Math.random,
  lookup,
}: AttemptDeliveryOptions): Promise<AttemptDeliveryResult> {
  return withTransaction(async (client): Promise<AttemptDeliveryResult> => {
    // A probe takes its destination's probe lock first (close-circuit.ts takes it first too).
    if (probe) {
      const { rows: probeRows } = await client.query<{ locked: boolean }>(LOCK, [probeLockKey(probe.destinationId)]);
      if (!probeRows[0]?.locked) return { outcome: "probing" };
    }
    const { rows: lockRows } = await client.query<{ locked: boolean; now: Date }>(LOCK, [`switchyard.delivery:${deliveryId}`]);
    const lock = lockRows[0];
    if (!lock?.locked) return { outcome: "busy" };
    const now = lock.now;

    // A statement of its own, after the lock: its snapshot sees any attempt committed before we got it.
    const { rows } = await client.query<LoadedDelivery>(LOAD, [deliveryId, now]);
    const delivery = rows[0];
    if (!delivery) return { outcome: "missing" };
    if (delivery.status !== "pending" && delivery.status !== "retrying") return { outcome: "finished", status: delivery.status };
    // A probe tries the delivery whether or not it is due: it is testing the endpoint.
    if (!probe && delivery.next_attempt_at && delivery.next_attempt_at.getTime() > now.getTime() + DUE_TOLERANCE_MS) {
      return { outcome: "not_due", nextAttemptAt: delivery.next_attempt_at };
    }
    if (delivery.destination_id === null || (probe && delivery.destination_id !== probe.destinationId)) return { outcome: "missing" };
    const destinationId = delivery.destination_id;
    const destination = delivery;
    // An operator's pause (or a 410's) holds everything, probes included.
    if (probe) {
      if (destination.state === "paused") return { outcome: "paused" };
      const due = destination.circuit_next_probe_at !== null && destination.circuit_next_probe_at.getTime() <= now.getTime() + DUE_TOLERANCE_MS;
      if (destination.circuit_state !== "open" || !due) {
        return { outcome: "probe_not_due", circuitState: destination.circuit_state, nextProbeAt: destination.circuit_next_probe_at };
      }
    } else if (destination.state === "paused" || destination.circuit_state === "open") {
      // Held. A release (resume, circuit closing) requeues what waits, but only what its snapshot
      // shows: a delivery committed just after it would be left behind if we simply returned. So
      // wait for a release in progress (it holds this lock exclusively) and look again.
      await client.query(LOCK_SHARED, [releaseLockKey(destinationId)]);
      const { rows: heldRows } = await client.query<{ state: "active" | "paused"; circuit_state: "closed" | "open"; circuit_next_probe_at: Date | null }>(
        "SELECT state::text AS state, circuit_state::text AS circuit_state, circuit_next_probe_at FROM destinations WHERE id = $1::uuid",
        [destinationId],
      );
      const held = heldRows[0];
      if (!held) return { outcome: "missing" };
      if (held.state === "paused") return { outcome: "paused" };
      if (held.circuit_state === "open") return { outcome: "circuit_open", nextProbeAt: held.circuit_next_probe_at };
      // Released meanwhile: start over on a fresh job, which reads the drain's schedule for this delivery.
      await sendJob({ name: "deliver", payload: { deliveryId }, db: onPgClient(client) });
      return { outcome: "released" };
    }

    // No slot: the job comes back a moment later (a probe's job, for a probe: it is still due then).
    const defer = async (reason: DeferReason, minSeconds: number, spreadSeconds: number): Promise<AttemptDeliveryResult> => {
      const startAfter = new Date(now.getTime() + Math.round((minSeconds + spreadSeconds * random()) * 1000));
      if (probe) await sendJob({ name: "probe-destination", payload: { destinationId }, db: onPgClient(client), startAfter });
      else await sendJob({ name: "deliver", payload: { deliveryId }, db: onPgClient(client), startAfter });
      return { outcome: "deferred", reason, startAfter };
    };
    const slot = await acquireDestinationSlot(client, destinationId, destination.max_concurrency);
    if (slot === null) return defer("concurrency", 1, 2);
    if (destination.rate_limit_per_second !== null && !(await admitUnderRateLimit(client, destinationId, destination.rate_limit_per_second, slot))) {
      return defer("rate_limit", 1, 1);
    }

    // The rendered body when a rule built one, otherwise the original bytes as received.
    if (!delivery.event_found) return { outcome: "missing" };
    const body = delivery.body ?? delivery.event_body ?? Buffer.alloc(0);

    const headers: Record<string, string> = { "user-agent": USER_AGENT };
    if (delivery.content_type) headers["content-type"] = delivery.content_type;
    let customHeaders: Record<string, string> = {};
    let outcome: Outcome | null = null;
    try {
      customHeaders = openHeaders(destination.headers);
    } catch (error) {
      // ENCRYPTION_KEY changed: never send without the headers the receiver expects; an attempt like any other.
      outcome = { response: null, errorClass: "secrets", errorMessage: `Could not read the destination's custom headers: ${messageOf(error)}` };
    }
    // The destination's own headers may replace the two above, never the signature headers.
    for (const [name, value] of Object.entries(customHeaders)) if (headerNameProblem(name) === null) headers[name.toLowerCase()] = value;

    const { rows: clockRows } = await client.query<{ now: Date }>("SELECT clock_timestamp() AS now");
    const startedAt = clockRows[0]?.now ?? new Date();
    const started = performance.now();
    try {
      const secrets = destination.secrets.map((encrypted) => decryptSecret(encrypted));
      Object.assign(headers, signOutgoing({ webhookId: delivery.webhook_id, body, secrets, now: startedAt }));
    } catch (error) {
      // No active secret, or ENCRYPTION_KEY changed: never send unsigned; an attempt like any other.
      outcome ??= { response: null, errorClass: "signing", errorMessage: `Could not sign the request: ${messageOf(error)}` };
    }
    outcome ??= await send({
      url: destination.url,
      headers,
      body,
      timeoutMs: destination.timeout_ms,
      allowPrivateNetwork: destination.allow_private_network,
      allowCidrs: allowCidrs ?? env().OUTBOUND_ALLOW_CIDRS,
      ...(lookup ? { lookup } : {}),
    });
    const durationMs = Math.max(0, Math.round(performance.now() - started));
    const finishedAt = new Date(startedAt.getTime() + durationMs);

    // Lock the row only now, briefly, and record against its current state.
    const { rows: currentRows } = await client.query<{ status: DeliveryStatus; attempts: number }>(
      "SELECT status, attempts FROM deliveries WHERE id = $1::uuid FOR UPDATE",
      [deliveryId],
    );
    const current = currentRows[0];
    if (!current) return { outcome: "missing" };
    const attempt = current.attempts + 1;
    const responseStatus = outcome.response?.status ?? null;
    // Whatever the delivery's status (a cancelled one included), this was a real request to the
    // endpoint, so it counts for the destination's health.
    const succeeded = responseStatus !== null && responseStatus >= 200 && responseStatus < 300;

    let status: DeliveryStatus = current.status;
    let nextAttemptAt: Date | null = null;
    // A delivery cancelled while its request was in flight keeps its status; the attempt is recorded.
    if (current.status === "pending" || current.status === "retrying") {
      if (succeeded) status = "succeeded";
      else if (responseStatus === 410) status = "failed";
      else {
        const delay = nextRetryDelay({
          schedule: destination.retry_schedule,
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

    const { rows: healthRows } = await client.query<HealthRow>(RECORD, [
      deliveryId,
      attempt,
      startedAt,
      durationMs,
      destination.url,
      JSON.stringify(recordedRequestHeaders(headers, customHeaders)),
      responseStatus,
      outcome.response ? JSON.stringify(recordedResponseHeaders(outcome.response.headers)) : null,
      outcome.response ? responseText(outcome.response.body) : null,
      outcome.errorClass,
      outcome.errorMessage,
      succeeded,
      destinationId,
      status,
      nextAttemptAt,
      // From the database clock: the rate limit counts deliveries updated in the last second.
      finishedAt,
      probe !== undefined,
    ]);
    // No row back: a success with the count already at 0 (or the destination deleted meanwhile).
    const health = healthRows[0];
    const failures = health?.consecutive_failures ?? 0;
    const last = attemptOutcomeLabel(responseStatus, outcome.errorClass);
    let pausedDestination: string | null = null;
    if (health?.state === "active" && responseStatus === 410) {
      // The endpoint says it is gone: no probe can fix that, so the destination pauses for an operator.
      pausedDestination = GONE_REASON;
      await client.query(PAUSE, [destinationId, pausedDestination, finishedAt]);
    }

    let circuit: CircuitChange | null = null;
    const probeAt = async (at: Date, change: CircuitChange, force: boolean) => {
      const { rowCount } = await client.query(PROBE_AT, [destinationId, at, force]);
      if (rowCount === 1) {
        await sendJob({ name: "probe-destination", payload: { destinationId }, db: onPgClient(client), startAfter: at });
        circuit = change;
      }
    };
    if (probe && health) {
      if (succeeded) {
        // The circuit closes in its own transaction (close-circuit.ts, after this one commits): its
        // drain locks delivery rows, which must not come after the destination row RECORD holds.
        // Until then, a fallback probe keeps the rule "open circuit ⇒ a probe job" true.
        const reason = probeSucceededReason(last);
        await probeAt(new Date(finishedAt.getTime() + probeDelaySeconds(0) * 1000), { change: "probe_succeeded", reason }, true);
        circuit ??= { change: "probe_succeeded", reason };
      } else {
        const nextInSeconds = probeDelaySeconds(health.circuit_probes_failed + 1);
        const nextProbeAt = new Date(finishedAt.getTime() + nextInSeconds * 1000);
        const reason = probeFailedReason({ last, nextInSeconds });
        const { rows: probeRows } = await client.query<{ circuit_probes_failed: number }>(PROBE_FAILED, [destinationId, reason, finishedAt, nextProbeAt]);
        const probesFailed = probeRows[0]?.circuit_probes_failed;
        if (probesFailed !== undefined) {
          await sendJob({ name: "probe-destination", payload: { destinationId }, db: onPgClient(client), startAfter: nextProbeAt });
          circuit = { change: "probe_failed", reason, nextProbeAt, probesFailed };
        }
      }
    } else if (health?.circuit_state === "open" && succeeded) {
      // An attempt that was in flight when the circuit opened got through: probe now, don't wait.
      await probeAt(finishedAt, { change: "probe_brought_forward", nextProbeAt: finishedAt }, false);
    } else if (
      health?.circuit_state === "closed" &&
      health.state === "active" &&
      pausedDestination === null &&
      !succeeded &&
      shouldOpenCircuit({ consecutiveFailures: failures, failingSince: health.failing_since, now: finishedAt, policy: circuitPolicy ?? instanceCircuitPolicy() })
    ) {
      const failingForSeconds = health.failing_since ? (finishedAt.getTime() - health.failing_since.getTime()) / 1000 : 0;
      const reason = circuitOpenedReason({ failingForSeconds, failures, last });
      const nextProbeAt = new Date(finishedAt.getTime() + probeDelaySeconds(0) * 1000);
      const { rowCount } = await client.query(OPEN, [destinationId, reason, finishedAt, nextProbeAt]);
      if (rowCount === 1) {
        await sendJob({ name: "probe-destination", payload: { destinationId }, db: onPgClient(client), startAfter: nextProbeAt });
        circuit = { change: "opened", reason, nextProbeAt };
      }
    }
    if (nextAttemptAt) await sendJob({ name: "deliver", payload: { deliveryId }, db: onPgClient(client), startAfter: nextAttemptAt });
    return {
      outcome: "attempted",
      destinationId,
      attempt,
      status,
      responseStatus,
      errorClass: outcome.errorClass,
      nextAttemptAt,
      consecutiveFailures: failures,
      pausedDestination,
      circuit,
    };
  }).then((result) => {
    // After the commit: the pause and the circuit's change are real now.
    if (result.outcome !== "attempted") return result;
    const fields = { destinationId: result.destinationId, deliveryId, consecutiveFailures: result.consecutiveFailures };
    if (result.pausedDestination !== null) log.warn("destination paused", { ...fields, reason: result.pausedDestination });
    const change = result.circuit;
    if (change?.change === "opened") log.warn("circuit opened: deliveries are held until a probe succeeds", { ...fields, reason: change.reason, nextProbeAt: change.nextProbeAt.toISOString() });
    else if (change?.change === "probe_failed") log.info("probe failed", { ...fields, reason: change.reason, probesFailed: change.probesFailed, nextProbeAt: change.nextProbeAt.toISOString() });
    else if (change?.change === "probe_succeeded") log.info("probe succeeded", { ...fields, reason: change.reason });
    else if (change?.change === "probe_brought_forward") log.info("an attempt succeeded while the circuit was open; probing now", fields);
    return result;
  });
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

/** UTF-8 text of at most 64 KiB of body (PostgreSQL text cannot hold NUL, so those are replaced). */
function responseText(body: Buffer): string {
  return body.subarray(0, MAX_RESPONSE_BYTES).toString("utf8").replaceAll("\u0000", "\uFFFD");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
}
