// Recording what one destination's attempts did, inside the transaction that made them
// (attempt-delivery.ts): the attempt rows, each delivery's new state and the destination's health
// in ONE statement, then, rarely, what that health means: a 410's pause, the circuit opening, a
// probe's outcome. Every change that leaves a circuit open also sends the job for its next probe on
// the same transaction, so an open circuit is never left without a probe.
//
// Health is the destination's failed attempts in a row and since when. Several attempts recorded at
// once count in the order they finished: after a success in the group, the count is the failures
// that finished after the last success (and the streak starts at the first of them); with no
// success, every failure adds to the committed count. (A success that finds the count at 0 leaves
// the destination row alone: no write, no lock, no live notification on the hot path; a probe always
// takes the row: it decides the circuit.)
//
// The count is a plain UPDATE: concurrent recorders queue on the row and each adds to the committed
// value, and RETURNING gives the row as committed before us plus our change (the circuit's state
// included), which is what makes opening it exactly-once. (Locking the row first with SELECT … FOR
// NO KEY UPDATE in a CTE and updating it in another took the tuple lock twice within one statement,
// which deadlocked against a second attempt queued in between.) The UPDATE holds the destination's
// row lock until commit, so PAUSE and OPEN below see no other writer. Lock order: the delivery rows
// (locked before RECORD, in id order), then the destination's; requeue-waiting-deliveries.ts (a
// resume, a closing circuit) takes them in the same order.
import type pg from "pg";
import { v7 as timeOrderedUuid } from "uuid";
import { lookupStatement } from "@/lib/db";
import {
  circuitOpenedReason,
  probeDelaySeconds,
  probeFailedReason,
  probeSucceededReason,
  shouldOpenCircuit,
  type CircuitPolicy,
} from "@/lib/destinations/circuit-policy";
import { attemptOutcomeLabel, GONE_REASON } from "@/lib/destinations/pause-cause";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { onPgClient, sendJob } from "@/lib/queue";

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

/** One attempt to record, with the state it leaves its delivery in. */
export interface AttemptRecord {
  deliveryId: string;
  number: number;
  startedAt: Date;
  durationMs: number;
  finishedAt: Date;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  errorClass: string | null;
  errorMessage: string | null;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

export interface RecordedHealth {
  /** The destination's failed attempts in a row after these (0 after a success). */
  consecutiveFailures: number;
  /** Set when one of these attempts (the 410) paused the destination: why. */
  pausedDestination: string | null;
  /** The delivery whose attempt paused it. */
  pausedBy: string | null;
  circuit: CircuitChange | null;
  /** The delivery whose attempt decided the circuit: the last to finish. */
  circuitDecidedBy: string | null;
}

/** How a group of attempts changes the failure streak (see the header). Exported for its unit test. */
export function summarizeStreak<Attempt extends { startedAt: Date; finishedAt: Date; succeeded: boolean }>(attempts: readonly Attempt[]) {
  const byFinish = [...attempts].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  const lastSuccess = byFinish.findLastIndex((attempt) => attempt.succeeded);
  const tail = byFinish.slice(lastSuccess + 1);
  const earliest = (list: typeof byFinish) =>
    list.length === 0 ? null : new Date(Math.min(...list.map((attempt) => attempt.startedAt.getTime())));
  return {
    anySucceeded: lastSuccess >= 0,
    allSucceeded: tail.length === 0 && byFinish.every((attempt) => attempt.succeeded),
    /** Failures in the group, for a streak that goes on. */
    failures: byFinish.filter((attempt) => !attempt.succeeded).length,
    /** Failures after the last success, for a streak that starts again. */
    tailFailures: tail.length,
    tailStartedAt: earliest(tail),
    firstFailureStartedAt: earliest(byFinish.filter((attempt) => !attempt.succeeded)),
    lastFinished: byFinish.at(-1),
  };
}

// The attempt rows, the deliveries' new state and the destination's health, in one statement.
// ($1: the attempts as JSON; $2: a probe; $3: the destination; $4..$9: the streak.)
const RECORD = lookupStatement(`
  WITH input AS (
    SELECT * FROM json_to_recordset($1::json) AS i(
      id uuid, delivery_id uuid, number int, started_at timestamptz, duration_ms int, finished_at timestamptz, request_url text,
      request_headers jsonb, response_status int, response_headers jsonb, response_body text, error_class text,
      error_message text, status "DeliveryStatus", next_attempt_at timestamptz)
  ), attempt AS (
    INSERT INTO delivery_attempts (id, delivery_id, number, started_at, duration_ms, request_url, request_headers,
                                   response_status, response_headers, response_body, error_class, error_message, probe)
    SELECT id, delivery_id, number, started_at, duration_ms, request_url, request_headers,
           response_status, response_headers, response_body, error_class, error_message, $2::boolean
    FROM input
  ), health AS (
    UPDATE destinations
    SET consecutive_failures = CASE WHEN $4::boolean THEN $6::int ELSE consecutive_failures + $7::int END,
        failing_since = CASE WHEN $4::boolean THEN $8::timestamptz ELSE coalesce(failing_since, $9::timestamptz) END
    WHERE id = $3::uuid AND NOT ($5::boolean AND consecutive_failures = 0 AND NOT $2::boolean)
    RETURNING consecutive_failures, failing_since, state::text AS state, circuit_state::text AS circuit_state, circuit_probes_failed
  ), delivery AS (
    UPDATE deliveries d
    SET status = i.status, attempts = i.number, next_attempt_at = i.next_attempt_at, last_status = i.response_status,
        last_error = i.error_message, updated_at = i.finished_at
    FROM input i
    WHERE d.id = i.delivery_id
  )
  SELECT consecutive_failures, failing_since, state, circuit_state, circuit_probes_failed FROM health`);

interface HealthRow {
  consecutive_failures: number;
  failing_since: Date | null;
  state: "active" | "paused";
  circuit_state: "closed" | "open";
  circuit_probes_failed: number;
}

// The pause a 410 brings, with its audit entry (by the system, as lib/audit/record-audit.ts would
// write it, with a time-ordered id: $4). Only run after RECORD (its row lock): exactly one attempt
// pauses the destination.
const PAUSE = `
  WITH paused AS (
    UPDATE destinations SET state = 'paused', paused_reason = $2::text, paused_at = $3::timestamptz, updated_at = $3::timestamptz
    WHERE id = $1::uuid AND state = 'active'
    RETURNING id, name
  )
  INSERT INTO audit_log (id, actor_id, actor_label, action, target_type, target_id, target_name, details)
  SELECT $4::uuid, NULL, 'system', 'destination.paused', 'destination', id::text, name, jsonb_build_object('reason', $2::text)
  FROM paused`;

// Opens the circuit, with its history row and audit entry. Only run after RECORD (its row lock, as
// for PAUSE); the guard on circuit_state makes a second opener a no-op all the same. ($3: now, $4:
// the first probe; $5: the audit entry's time-ordered id.)
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
  INSERT INTO audit_log (id, actor_id, actor_label, action, target_type, target_id, target_name, details)
  SELECT $5::uuid, NULL, 'system', 'destination.circuit_opened', 'destination', id::text, name, jsonb_build_object('reason', $2::text)
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

/**
 * Records one destination's attempts (at least one) and acts on the health they leave it in. Call
 * it holding the deliveries' row locks, inside the transaction that made the attempts.
 */
export async function recordAttempts(
  client: pg.ClientBase,
  { destinationId, attempts, probe, circuitPolicy }: { destinationId: string; attempts: readonly AttemptRecord[]; probe: boolean; circuitPolicy: CircuitPolicy },
): Promise<RecordedHealth> {
  const outcomes = attempts.map((attempt) => ({ ...attempt, succeeded: isSuccess(attempt.responseStatus) }));
  const streak = summarizeStreak(outcomes);
  const { rows } = await client.query<HealthRow>(RECORD([
    JSON.stringify(
      attempts.map((attempt) => ({
        // Time-ordered, so the primary key grows at its right edge (routing's run ids say why).
        id: timeOrderedUuid(),
        delivery_id: attempt.deliveryId,
        number: attempt.number,
        started_at: attempt.startedAt,
        duration_ms: attempt.durationMs,
        // From the database clock: the rate limit counts deliveries updated in the last second.
        finished_at: attempt.finishedAt,
        request_url: attempt.requestUrl,
        request_headers: attempt.requestHeaders,
        response_status: attempt.responseStatus,
        response_headers: attempt.responseHeaders,
        response_body: attempt.responseBody,
        error_class: attempt.errorClass,
        error_message: attempt.errorMessage,
        status: attempt.status,
        next_attempt_at: attempt.nextAttemptAt,
      })),
    ),
    probe,
    destinationId,
    streak.anySucceeded,
    streak.allSucceeded,
    streak.tailFailures,
    streak.failures,
    streak.tailStartedAt,
    streak.firstFailureStartedAt,
  ]));
  // No row back: all succeeded with the count already at 0 (or the destination deleted meanwhile).
  const health = rows[0];
  const last = streak.lastFinished;
  if (!health || !last) return { consecutiveFailures: 0, pausedDestination: null, pausedBy: null, circuit: null, circuitDecidedBy: null };
  const failures = health.consecutive_failures;
  const finishedAt = last.finishedAt;
  const lastLabel = attemptOutcomeLabel(last.responseStatus, last.errorClass);

  let pausedDestination: string | null = null;
  let pausedBy: string | null = null;
  const gone = attempts.find((attempt) => attempt.responseStatus === 410);
  if (health.state === "active" && gone) {
    // The endpoint says it is gone: no probe can fix that, so the destination pauses for an operator.
    pausedDestination = GONE_REASON;
    pausedBy = gone.deliveryId;
    await client.query(PAUSE, [destinationId, pausedDestination, finishedAt, timeOrderedUuid()]);
  }

  let circuit: CircuitChange | null = null;
  const sendProbe = (startAfter: Date) => sendJob({ name: "probe-destination", payload: { destinationId }, db: onPgClient(client), startAfter });
  const probeAt = async (at: Date, change: CircuitChange, force: boolean) => {
    const { rowCount } = await client.query(PROBE_AT, [destinationId, at, force]);
    if (rowCount === 1) {
      await sendProbe(at);
      circuit = change;
    }
  };
  if (probe) {
    if (last.succeeded) {
      // The circuit closes in its own transaction (close-circuit.ts, after this one commits): its
      // drain locks delivery rows, which must not come after the destination row RECORD holds.
      // Until then, a fallback probe keeps the rule "open circuit ⇒ a probe job" true.
      const reason = probeSucceededReason(lastLabel);
      await probeAt(new Date(finishedAt.getTime() + probeDelaySeconds(0) * 1000), { change: "probe_succeeded", reason }, true);
      circuit ??= { change: "probe_succeeded", reason };
    } else {
      const nextInSeconds = probeDelaySeconds(health.circuit_probes_failed + 1);
      const nextProbeAt = new Date(finishedAt.getTime() + nextInSeconds * 1000);
      const reason = probeFailedReason({ last: lastLabel, nextInSeconds });
      const { rows: probeRows } = await client.query<{ circuit_probes_failed: number }>(PROBE_FAILED, [destinationId, reason, finishedAt, nextProbeAt]);
      const probesFailed = probeRows[0]?.circuit_probes_failed;
      if (probesFailed !== undefined) {
        await sendProbe(nextProbeAt);
        circuit = { change: "probe_failed", reason, nextProbeAt, probesFailed };
      }
    }
  } else if (health.circuit_state === "open" && streak.anySucceeded) {
    // An attempt that was in flight when the circuit opened got through: probe now, don't wait.
    await probeAt(finishedAt, { change: "probe_brought_forward", nextProbeAt: finishedAt }, false);
  } else if (
    health.circuit_state === "closed" &&
    health.state === "active" &&
    pausedDestination === null &&
    !last.succeeded &&
    shouldOpenCircuit({ consecutiveFailures: failures, failingSince: health.failing_since, now: finishedAt, policy: circuitPolicy })
  ) {
    const failingForSeconds = health.failing_since ? (finishedAt.getTime() - health.failing_since.getTime()) / 1000 : 0;
    const reason = circuitOpenedReason({ failingForSeconds, failures, last: lastLabel });
    const nextProbeAt = new Date(finishedAt.getTime() + probeDelaySeconds(0) * 1000);
    const { rowCount } = await client.query(OPEN, [destinationId, reason, finishedAt, nextProbeAt, timeOrderedUuid()]);
    if (rowCount === 1) {
      await sendProbe(nextProbeAt);
      circuit = { change: "opened", reason, nextProbeAt };
    }
  }
  return { consecutiveFailures: failures, pausedDestination, pausedBy, circuit, circuitDecidedBy: circuit ? last.deliveryId : null };
}

export function isSuccess(responseStatus: number | null): boolean {
  return responseStatus !== null && responseStatus >= 200 && responseStatus < 300;
}
