// Delivery attempts: the whole of `deliver` jobs (a batch at a time: attemptDeliveries) and of a
// circuit breaker's probe (one: attemptDelivery). Idempotent under at-least-once jobs.
//
// A batch is split by destination, and each destination's deliveries are attempted in ONE
// transaction that stays open for their HTTP requests:
//   1. Transaction-scoped advisory locks keyed by the delivery ids (pg_try_advisory_xact_lock, one
//      statement for all): a delivery whose lock is taken is being attempted by another worker right
//      now, and we leave it to them. (Advisory locks rather than FOR UPDATE on the rows, so
//      operators' writes to a delivery, such as a cancel, are not blocked for the length of a
//      request.) A probe first takes the destination's probe lock the same way: one probe at a time.
//   2. One statement loads the deliveries with their destination, its active secrets and what is
//      sent of each event. Nothing to do for a delivery that is gone, already
//      succeeded/failed/cancelled, or not due yet (a stale duplicate job: whoever moved
//      nextAttemptAt also enqueued the job for it); nor for any of them when the destination is
//      paused (resuming re-enqueues) or its circuit is open: the deliveries keep their status and
//      are not charged an attempt; closing the circuit re-enqueues them. Held deliveries first wait
//      out a release in progress (the release lock, shared) and look again, so one committed after
//      the release's snapshot is re-enqueued rather than left behind. A probe goes on only while the
//      circuit is open and its probe is due, whenever the delivery is due.
//   3. Concurrency slots, as many as there are deliveries and are free (destination-limits.ts), and
//      with them that many requests in flight at once: each slot works through the deliveries one
//      request after another, starting no new request after GROUP_TIME_BUDGET_MS (what is left is
//      re-enqueued, due at once), and is given back once it has nothing left to start, so a request
//      that hangs holds its own slot only; while more waits than slots work, slots others give
//      back are taken too (slot-workers.ts). No slot free (other transactions' requests hold them
//      all): a batch waits up to SLOT_WAIT_MS for one, then its jobs come back a moment later
//      instead. A
//      destination with a rate limit is attempted one delivery per transaction, each admitted under
//      the limit, exactly as the limit's accounting expects.
//   4. Each request through the SSRF-guarded client, signed for every active secret (send-attempt.ts).
//   5. The deliveries' row locks (in id order), then the attempt rows, the deliveries' new state,
//      the destination's health and what it brings (a 410's pause, the circuit) in
//      record-attempts.ts, and the jobs of every retry and deferral (one insert, on this
//      transaction), committed together. A worker killed before the commit leaves no trace: the
//      transaction rolls back, its locks go with its connection, and pg-boss hands the jobs out
//      again once its heartbeat stops (the requests already sent are sent again: at least once).
// Ordered deliveries (a destination with an ordering key, lib/ordering): step 1 also try-locks each
// locked delivery's (destination, key); a key another worker is attempting right now defers its
// deliveries a moment (like a busy slot). Step 2 finds, under that lock, whether an earlier delivery
// of the key is still open: then the delivery is "blocked" and its job simply ends, nothing
// charged; whoever settles the head (an attempt here that succeeds, a cancel or skip, which take
// the key lock too) enqueues the next head in its own commit (lib/ordering/wake-next-heads.ts).
// A failed head keeps its key blocked until an operator retries or skips it.
// Within one worker process, one destination's transactions run one after another (its requests
// still run in parallel, on its slots): two batches of a busy destination would otherwise take its
// slots from each other and defer half its deliveries for seconds. What arrives for it meanwhile goes
// together in its next transaction, which opens once this one has started its last request
// (destination-lanes.ts). Across processes, the slots decide.
// Database times (startedAt, nextAttemptAt, the jobs' startAfter) come from PostgreSQL's clock,
// the one pg-boss schedules jobs by (read when the locks are taken, advanced by the monotonic
// clock), so a worker with a skewed clock cannot strand a retry.
import pLimit from "p-limit";
import type pg from "pg";
import { lookupPool, lookupStatement, withTransaction } from "@/lib/db";
import { attemptLockKeySql } from "@/lib/deliveries/attempt-lock";
import { instruments } from "@/lib/metrics/instruments";
import { instanceCircuitPolicy } from "@/lib/destinations/instance-circuit-policy";
import { GONE_REASON } from "@/lib/destinations/pause-cause";
import { probeLockKey, releaseLockKey } from "@/lib/destinations/destination-locks";
import type { CircuitPolicy } from "@/lib/destinations/circuit-policy";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import type { HostLookup } from "@/lib/net/guarded-request";
import { awaitingRoutingSql, blockedBySql, orderingLockSql } from "@/lib/ordering/ordering-sql";
import { nextHeadJobs } from "@/lib/ordering/wake-next-heads";
import { DestinationLanes } from "@/lib/pipeline/dispatch/destination-lanes";
import { acquireDestinationSlots, admitUnderRateLimit, awaitDestinationSlot } from "@/lib/pipeline/dispatch/destination-limits";
import { isSuccess, recordAttempts, type AttemptRecord, type CircuitChange } from "@/lib/pipeline/dispatch/record-attempts";
import { nextRetryDelay } from "@/lib/pipeline/dispatch/retry-schedule";
import { recordedResponseHeaders } from "@/lib/pipeline/dispatch/recorded-headers";
import { openDestination, responseText, sendAttempt, type OpenedDestination, type SentAttempt } from "@/lib/pipeline/dispatch/send-attempt";
import { workOnSlots } from "@/lib/pipeline/dispatch/slot-workers";
import { enqueueDeliveries, onPgClient, sendJob } from "@/lib/queue";
import { pipelineTracer, type AttemptSpan } from "@/lib/tracing/pipeline-tracer";

export { GONE_REASON };
export type { CircuitChange };
export { MAX_RESPONSE_BYTES, USER_AGENT } from "@/lib/pipeline/dispatch/send-attempt";
/** A stale job may run this much early (rounding between our clock reads and pg-boss's). */
const DUE_TOLERANCE_MS = 1000;
/** A destination's transaction starts no new request after this long (see the header). */
const GROUP_TIME_BUDGET_MS = 2000;
/** A batch's destination whose slots another worker holds waits this long for one before deferring (one attempt alone does not wait). */
const SLOT_WAIT_MS = 1000;

const log = logger("delivery");

export type DeferReason = "concurrency" | "rate_limit" | "ordering_key";

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
  /** Ordered, and an earlier delivery of its key is still open: it waits, and is woken when that one is settled. */
  | { outcome: "blocked"; blockedBy: string }
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
      /** Set on the attempt whose outcome decided the circuit (the last to finish of its transaction). */
      circuit: CircuitChange | null;
    };

export interface AttemptOptions {
  /** When the circuit opens; defaults to the instance's (CIRCUIT_OPEN_AFTER_SECONDS, CIRCUIT_MIN_FAILURES). */
  circuitPolicy?: CircuitPolicy;
  /** Instance allowlist; defaults to OUTBOUND_ALLOW_CIDRS. */
  allowCidrs?: readonly string[];
  /** [0, 1) for retry jitter and deferral spread (tests inject it). */
  random?: () => number;
  /** Name resolution (tests); defaults to the system resolver. */
  lookup?: HostLookup;
}

export interface AttemptDeliveryOptions extends AttemptOptions {
  deliveryId: string;
  /** Make this attempt the circuit breaker's probe of this (the delivery's) destination. */
  probe?: { destinationId: string };
}

export interface AttemptDeliveriesOptions extends AttemptOptions {
  deliveryIds: readonly string[];
  /** Destinations' transactions run at once (default 4); each holds a database connection. */
  parallelism?: number;
  /** With every slot of a destination taken by another worker, how long to wait for one before deferring (ms; 0: defer at once). */
  slotWaitMs?: number;
  /** Each delivery's destination, when the caller knows it (routing has just made them): then the batch is split without a query. */
  destinations?: ReadonlyMap<string, DeliveryDestination>;
}

/** How a delivery's batch is split: by destination, rate-limited ones one by one. */
export interface DeliveryDestination {
  id: string;
  rateLimited: boolean;
}

// Each delivery's lock, then (once it is ours) its ordering key's, and the database's clock (the
// first row's: one reading for the transaction). key_locked is null for an unordered delivery.
const LOCK_DELIVERIES = lookupStatement(`
  SELECT ids.id, l.locked,
         CASE WHEN l.locked AND d.ordering_key IS NOT NULL THEN pg_try_advisory_xact_lock(${orderingLockSql("d")}) END AS key_locked,
         clock_timestamp() AS now
  FROM unnest($1::uuid[]) WITH ORDINALITY AS ids(id, position)
  CROSS JOIN LATERAL (SELECT pg_try_advisory_xact_lock(${attemptLockKeySql("ids.id")}) AS locked) l
  LEFT JOIN deliveries d ON d.id = ids.id
  ORDER BY ids.position`);
// The attempted deliveries' row locks, in one order for every writer.
const LOCK_ROWS = lookupStatement("SELECT id, status::text AS status, attempts FROM deliveries WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE");
const LOCK_PROBE = `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`;
const LOCK_SHARED = `SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`;

interface LoadedDelivery {
  id: string;
  webhook_id: string;
  status: DeliveryStatus;
  next_attempt_at: Date | null;
  attempts: number;
  /** The routing span's traceparent (lib/tracing): null when the delivery is not traced. */
  trace_parent: string | null;
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
  ordering_key: string | null;
  /** The earlier open delivery of its key it waits for; null when unordered or at the head. */
  blocked_by: string | null;
  /** At the head of its key, but an event received before it is not routed yet (ordering-sql.ts). */
  awaiting_routing: boolean;
}

// The deliveries with their destination (its active secrets aggregated once), and what is sent of
// each one's event. ($2: now.) Sending BEGIN, the locks and this load in one round trip (a
// pipelined connection) was measured at 200 events/s: routed → attempt started p50 8-16 ms against
// 14-19, receive→sink no better beyond run-to-run noise, and worker-killed.int.test.ts's batch test
// failed once in two runs with it, unexplained; left out. Tried again at stop 39 (commit 10ea182,
// reverted): routed → attempt started p50 at 200/s 13-30 ms against 21-58 in 4 alternated pairs,
// the test passed 5 runs in a row; but at 1,000/s, with the socket writes of a pipeline corked into
// one, the first phase cost 0.15-0.3 ms more CPU per event, unexplained (route-events.ts). Stop 40
// measured the parts apart at 1,000/s: the cork alone and routing's single round trip alone were no
// worse than neither, but with this opening too, 9 of 11 runs' first phases fell further behind
// than the median of 15 runs without it (backlog 1.7-9.8 s, against a 2.2 s median). Why is still
// unknown. Also tried (stop 40's note, "G"): that opening only for batches of 20 deliveries or
// fewer, the rest as here; at 200/s warm p99 68-101 ms against 98-149 in 3 of 3 pairs, at 1,000/s
// still a little worse (second phase p50 0.8-1.9 s against 0.4-1.0). And "H": the same, without the
// cork and with routing's two round trips. Stop 41 measured it in 4 more alternated pairs at each
// rate: at 200/s routed → attempt started 11-15 ms against 17-18, but receive→sink no better (warm
// p50 44-47 ms against 40-49, p99 100-126 against 91-133); at 1,000/s, on a host at its usual speed,
// 2 of 3 first phases fell 5.7-6.9 s behind (2.06-2.11 ms of CPU per event) where the 4 without it
// fell 1.2-1.9 s (1.71-1.75). So the opening itself costs at 1,000/s, not the cork; not landed (its
// code and tests: stop 41's note).
const LOAD = lookupStatement(`
  WITH d AS (
    SELECT * FROM deliveries WHERE id = ANY($1::uuid[])
  ), t AS (
    SELECT t.*,
           coalesce((SELECT json_agg(s.encrypted ORDER BY s.created_at DESC) FROM destination_secrets s
                     WHERE s.destination_id = t.id AND (s.expires_at IS NULL OR s.expires_at > $2::timestamptz)), '[]') AS secrets
    FROM destinations t WHERE t.id IN (SELECT destination_id FROM d)
  )
  SELECT d.id, d.webhook_id, d.status::text AS status, d.next_attempt_at, d.attempts, d.trace_parent, d.body, d.ordering_key, ${blockedBySql("d")} AS blocked_by,
         (d.ordering_key IS NOT NULL AND ${awaitingRoutingSql("d", "e.source_id")}) AS awaiting_routing,
         t.id AS destination_id, t.url, t.headers, t.timeout_ms, t.retry_schedule, t.max_concurrency,
         t.rate_limit_per_second, t.allow_private_network, t.state::text AS state,
         t.circuit_state::text AS circuit_state, t.circuit_next_probe_at, t.secrets,
         e.id IS NOT NULL AS event_found, e.content_type,
         CASE WHEN d.body IS NULL THEN e.body END AS event_body
  FROM d
  LEFT JOIN t ON t.id = d.destination_id
  LEFT JOIN events e ON e.id = d.event_id`);

// How a batch splits: by destination, with rate-limited destinations' deliveries one by one. An
// inbox's deliveries are never sent (agents pull them, lib/inboxes): to a job they are missing.
const GROUPS = lookupStatement(`
  SELECT d.id, d.destination_id, t.rate_limit_per_second IS NOT NULL AS rate_limited
  FROM deliveries d LEFT JOIN destinations t ON t.id = d.destination_id
  WHERE d.id = ANY($1::uuid[]) AND (t.kind IS NULL OR t.kind = 'http')`);

/** One delivery (a probe's, or any one-off): the batch's path with a batch of one. */
export async function attemptDelivery({ deliveryId, probe, ...options }: AttemptDeliveryOptions): Promise<AttemptDeliveryResult> {
  const results = await attemptDestinationDeliveries({ deliveryIds: [deliveryId], ...(probe ? { probe } : {}), ...options });
  return results.get(deliveryId) ?? { outcome: "missing" };
}

/**
 * A batch of deliveries (a `deliver` job batch): one result per id, or the Error its destination's
 * transaction failed with (the database went away: the caller lets pg-boss retry those jobs).
 */
export async function attemptDeliveries({ deliveryIds, parallelism = 4, slotWaitMs = SLOT_WAIT_MS, destinations, ...options }: AttemptDeliveriesOptions): Promise<Map<string, AttemptDeliveryResult | Error>> {
  const ids = [...new Set(deliveryIds)];
  const results = new Map<string, AttemptDeliveryResult | Error>();
  const found = new Map<string, { destination_id: string | null; rate_limited: boolean }>();
  // A destination known here may have changed since (a rate limit added, or it is gone): the
  // destination's transaction reads it afresh, so the split is only less efficient, never wrong.
  if (destinations && ids.every((id) => destinations.has(id))) {
    for (const id of ids) {
      const { id: destinationId, rateLimited } = destinations.get(id)!;
      found.set(id, { destination_id: destinationId, rate_limited: rateLimited });
    }
  } else {
    const { rows } = await lookupPool().query<{ id: string; destination_id: string | null; rate_limited: boolean }>(GROUPS([ids]));
    for (const row of rows) found.set(row.id, row);
  }
  // In the batch's order (the jobs' order): each destination's requests start in it.
  const byDestination = new Map<string, string[]>();
  const alone: string[][] = [];
  for (const id of ids) {
    const row = found.get(id);
    if (!row) results.set(id, { outcome: "missing" });
    else if (row.destination_id === null || row.rate_limited) alone.push([id]);
    else byDestination.set(row.destination_id, [...(byDestination.get(row.destination_id) ?? []), id]);
  }
  const limit = pLimit(Math.max(1, parallelism));
  const run = async (group: string[], destinationId?: string) => {
    try {
      const groupOptions = { slotWaitMs, ...options };
      const groupResults = destinationId
        ? await lanes.run(destinationId, group, groupOptions)
        : await attemptDestinationDeliveries({ deliveryIds: group, ...groupOptions });
      for (const [id, result] of groupResults) results.set(id, result);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const id of group) results.set(id, failure);
    }
  };
  await Promise.all([
    ...[...byDestination].map(([destinationId, group]) => limit(() => run(group, destinationId))),
    ...alone.map((group) => limit(() => run(group))),
  ]);
  return results;
}

// One destination's transactions in this process, one after another, what waits going together (destination-lanes.ts).
const lanes = new DestinationLanes<AttemptOptions & { slotWaitMs: number }, AttemptDeliveryResult>((deliveryIds, options, lastStarted) =>
  attemptDestinationDeliveries({ deliveryIds, ...options, lastStarted }),
);

interface Sent {
  delivery: LoadedDelivery;
  attempt: SentAttempt;
}

interface TracedAttempt {
  deliveryId: string;
  span: AttemptSpan;
  attempt: SentAttempt;
}

/** Attempt spans end once their attempts are recorded (or not: the transaction failed), with the delivery's status then. */
function endAttemptSpans(traced: readonly TracedAttempt[], results: ReadonlyMap<string, AttemptDeliveryResult>): void {
  for (const { deliveryId, span, attempt } of traced) {
    const result = results.get(deliveryId);
    span.end({ responseStatus: attempt.response?.status ?? null, errorClass: attempt.errorClass, ...(result?.outcome === "attempted" ? { deliveryStatus: result.status } : {}) });
  }
}

/** One destination's deliveries (or a probe's one), in one transaction: steps 1 to 5 of the header. */
async function attemptDestinationDeliveries({
  deliveryIds,
  probe,
  circuitPolicy,
  allowCidrs,
  random = Math.random,
  lookup,
  slotWaitMs = 0,
  lastStarted,
}: AttemptOptions & {
  deliveryIds: readonly string[];
  probe?: { destinationId: string };
  slotWaitMs?: number;
  /** Called once it has no request left to start (its lane then lets the next one start). */
  lastStarted?: () => void;
}): Promise<Map<string, AttemptDeliveryResult>> {
  const results = new Map<string, AttemptDeliveryResult>();
  const afterCommit: Array<() => void> = [];
  const tracer = pipelineTracer();
  const traced: TracedAttempt[] = [];
  await withTransaction(async (client) => {
    // A probe takes its destination's probe lock first (close-circuit.ts takes it first too).
    if (probe) {
      const { rows: probeRows } = await client.query<{ locked: boolean }>(LOCK_PROBE, [probeLockKey(probe.destinationId)]);
      if (!probeRows[0]?.locked) {
        for (const id of deliveryIds) results.set(id, { outcome: "probing" });
        return;
      }
    }
    const { rows: lockRows } = await client.query<{ id: string; locked: boolean; key_locked: boolean | null; now: Date }>(LOCK_DELIVERIES([deliveryIds]));
    const now = lockRows[0]?.now ?? new Date();
    const nowTaken = performance.now();
    const clock = () => new Date(now.getTime() + Math.round(performance.now() - nowTaken));
    const locked: string[] = [];
    // Deferred: what comes back later on a job of its own (a probe's job, for a probe: it is still due then).
    const later: Array<{ id: string; startAfter: Date }> = [];
    const defer = (deliveries: ReadonlyArray<{ id: string }>, reason: DeferReason, minSeconds: number, spreadSeconds: number) => {
      for (const { id } of deliveries) {
        const startAfter = new Date(now.getTime() + Math.round((minSeconds + spreadSeconds * random()) * 1000));
        later.push({ id, startAfter });
        results.set(id, { outcome: "deferred", reason, startAfter });
      }
    };
    const keyBusy: Array<{ id: string }> = [];
    for (const row of lockRows) {
      if (!row.locked) results.set(row.id, { outcome: "busy" });
      else if (row.key_locked === false) keyBusy.push({ id: row.id });
      else locked.push(row.id);
    }
    if (keyBusy.length > 0) {
      // Another worker is attempting a delivery of the same key right now: after it. Their jobs go
      // in now, whatever the rest of this transaction finds.
      defer(keyBusy, "ordering_key", 1, 1);
      const busyJobs = later.splice(0);
      if (probe) await sendJob({ name: "probe-destination", payload: { destinationId: probe.destinationId }, db: onPgClient(client), startAfter: busyJobs[0]!.startAfter });
      else await enqueueDeliveries({ deliveries: busyJobs, tx: onPgClient(client) });
    }
    if (locked.length === 0) return;

    // A statement of its own, after the locks: its snapshot sees any attempt committed before we got them.
    const { rows } = await client.query<LoadedDelivery>(LOAD([locked, now]));
    const loaded = new Map(rows.map((row) => [row.id, row]));
    const waiting: LoadedDelivery[] = [];
    const routingLag: Array<{ id: string }> = [];
    for (const id of locked) {
      const delivery = loaded.get(id);
      if (!delivery) results.set(id, { outcome: "missing" });
      else if (delivery.status !== "pending" && delivery.status !== "retrying") results.set(id, { outcome: "finished", status: delivery.status });
      // Waits for an earlier delivery of its key (found under the key's lock: its settlement wakes this one).
      else if (delivery.blocked_by !== null) results.set(id, { outcome: "blocked", blockedBy: delivery.blocked_by });
      else if (delivery.awaiting_routing) routingLag.push(delivery);
      // A probe tries the delivery whether or not it is due: it is testing the endpoint.
      else if (!probe && delivery.next_attempt_at && delivery.next_attempt_at.getTime() > now.getTime() + DUE_TOLERANCE_MS) {
        results.set(id, { outcome: "not_due", nextAttemptAt: delivery.next_attempt_at });
      } else if (delivery.destination_id === null || (probe && delivery.destination_id !== probe.destinationId)) results.set(id, { outcome: "missing" });
      else waiting.push(delivery);
    }
    if (routingLag.length > 0) {
      // The head of its key, but an earlier event is still being routed: a moment later (its job now).
      defer(routingLag, "ordering_key", 1, 0.5);
      await enqueueDeliveries({ deliveries: later.splice(0), tx: onPgClient(client) });
    }
    const destination = waiting[0];
    if (!destination?.destination_id) return;
    const destinationId = destination.destination_id;
    if (waiting.some((delivery) => delivery.destination_id !== destinationId)) throw new Error("attemptDestinationDeliveries: deliveries of more than one destination");
    const settleAll = (result: AttemptDeliveryResult) => {
      for (const delivery of waiting) results.set(delivery.id, result);
    };

    // An operator's pause (or a 410's) holds everything, probes included.
    if (probe) {
      if (destination.state === "paused") return settleAll({ outcome: "paused" });
      const due = destination.circuit_next_probe_at !== null && destination.circuit_next_probe_at.getTime() <= now.getTime() + DUE_TOLERANCE_MS;
      if (destination.circuit_state !== "open" || !due) {
        return settleAll({ outcome: "probe_not_due", circuitState: destination.circuit_state, nextProbeAt: destination.circuit_next_probe_at });
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
      if (!held) return settleAll({ outcome: "missing" });
      if (held.state === "paused") return settleAll({ outcome: "paused" });
      if (held.circuit_state === "open") return settleAll({ outcome: "circuit_open", nextProbeAt: held.circuit_next_probe_at });
      // Released meanwhile: start over on fresh jobs, which read the drain's schedule for these deliveries.
      await enqueueDeliveries({ deliveries: waiting.map((delivery) => ({ id: delivery.id })), tx: onPgClient(client) });
      return settleAll({ outcome: "released" });
    }


    const rateLimit = destination.rate_limit_per_second;
    let slots = await acquireDestinationSlots(client, destinationId, destination.max_concurrency, rateLimit === null ? waiting.length : 1);
    if (slots.length === 0 && rateLimit === null && slotWaitMs > 0) {
      slots = await awaitDestinationSlot(client, destinationId, destination.max_concurrency, waiting.length, slotWaitMs);
    }
    let sendable = waiting;
    if (slots.length === 0) defer(waiting, "concurrency", 1, 2);
    else if (rateLimit !== null) {
      const admitted = await admitUnderRateLimit(client, destinationId, rateLimit, slots[0] ?? 0);
      defer(admitted ? waiting.slice(1) : waiting, "rate_limit", 1, 1);
      sendable = admitted ? waiting.slice(0, 1) : [];
    }
    if (slots.length === 0) sendable = [];
    for (const delivery of sendable) if (!delivery.event_found) results.set(delivery.id, { outcome: "missing" });
    const queue = sendable.filter((delivery) => delivery.event_found);

    // Each slot works through the queue, one request at a time (slot-workers.ts). The destination's
    // headers and secrets are decrypted once for all of them.
    const sent: Sent[] = [];
    let opened: OpenedDestination | undefined;
    await workOnSlots({
      client,
      destinationId,
      maxConcurrency: destination.max_concurrency,
      slots,
      queue,
      startBefore: performance.now() + GROUP_TIME_BUDGET_MS,
      grow: rateLimit === null,
      ...(lastStarted ? { lastStarted } : {}),
      send: async (delivery) => {
        const span =
          tracer && delivery.trace_parent
            ? tracer.startAttempt({ traceParent: delivery.trace_parent, deliveryId: delivery.id, destinationId, url: destination.url, resendCount: delivery.attempts, probe: probe !== undefined })
            : null;
        opened ??= openDestination(destination, { allowCidrs, lookup });
        const attempt = await sendAttempt(
          {
            destination: opened,
            webhookId: delivery.webhook_id,
            // The rendered body when a rule built one, otherwise the original bytes as received.
            body: delivery.body ?? delivery.event_body ?? Buffer.alloc(0),
            contentType: delivery.content_type,
            ...(span ? { traceHeaders: span.headers() } : {}),
          },
          clock,
        );
        span?.finished();
        if (span) traced.push({ deliveryId: delivery.id, span, attempt });
        sent.push({ delivery, attempt });
      },
    });
    // Out of time: the rest go again at once, on fresh jobs.
    defer(queue, "concurrency", 0, 0);

    const jobs = probe ? [] : later;
    if (probe) {
      for (const { startAfter } of later) await sendJob({ name: "probe-destination", payload: { destinationId }, db: onPgClient(client), startAfter });
    }
    if (sent.length > 0) {
      const recorded = await record({ client, destinationId, sent, probe: probe !== undefined, circuitPolicy: circuitPolicy ?? instanceCircuitPolicy(), random });
      for (const [id, result] of recorded.results) results.set(id, result);
      jobs.push(...recorded.retries);
      afterCommit.push(recorded.log);
    }
    // Retries and deferrals: their jobs in one insert.
    if (jobs.length > 0) await enqueueDeliveries({ deliveries: jobs, tx: onPgClient(client) });
  }, { sessionLocks: true, lookups: true }).finally(() => endAttemptSpans(traced, results));
  // After the commit: the pause and the circuit's change are real now.
  for (const report of afterCommit) report();
  return results;
}

/** Step 5: locks the rows, works out each delivery's next state and records it all. */
async function record({
  client,
  destinationId,
  sent,
  probe,
  circuitPolicy,
  random,
}: {
  client: pg.PoolClient;
  destinationId: string;
  sent: readonly Sent[];
  probe: boolean;
  circuitPolicy: CircuitPolicy;
  random: () => number;
}) {
  const results = new Map<string, AttemptDeliveryResult>();
  const retries: Array<{ id: string; startAfter: Date }> = [];
  // Lock the rows only now, briefly, in one order for every writer, and record against their current state.
  const { rows } = await client.query<{ id: string; status: DeliveryStatus; attempts: number }>(LOCK_ROWS([sent.map(({ delivery }) => delivery.id)]));
  const current = new Map(rows.map((row) => [row.id, row]));
  const records: AttemptRecord[] = [];
  for (const { delivery, attempt } of sent) {
    const now = current.get(delivery.id);
    if (!now) {
      results.set(delivery.id, { outcome: "missing" });
      continue;
    }
    const finishedAt = new Date(attempt.startedAt.getTime() + attempt.durationMs);
    const responseStatus = attempt.response?.status ?? null;
    let status: DeliveryStatus = now.status;
    let nextAttemptAt: Date | null = null;
    // A delivery cancelled while its request was in flight keeps its status; the attempt is recorded.
    // Whatever its status, this was a real request to the endpoint, so it counts for the destination's health.
    if (now.status === "pending" || now.status === "retrying") {
      if (isSuccess(responseStatus)) status = "succeeded";
      else if (responseStatus === 410) status = "failed";
      else {
        const delay = nextRetryDelay({
          schedule: delivery.retry_schedule,
          attempt: now.attempts + 1,
          status: responseStatus,
          retryAfter: attempt.response?.headers["retry-after"] ?? null,
          now: finishedAt,
          random,
        });
        if (delay === null) status = "failed";
        else {
          status = "retrying";
          nextAttemptAt = new Date(finishedAt.getTime() + Math.round(delay * 1000));
          retries.push({ id: delivery.id, startAfter: nextAttemptAt });
        }
      }
    }
    records.push({
      deliveryId: delivery.id,
      number: now.attempts + 1,
      startedAt: attempt.startedAt,
      durationMs: attempt.durationMs,
      finishedAt,
      requestUrl: delivery.url,
      requestHeaders: attempt.recordedRequestHeaders,
      responseStatus,
      responseHeaders: attempt.response ? recordedResponseHeaders(attempt.response.headers) : null,
      responseBody: attempt.response ? responseText(attempt.response.body) : null,
      errorClass: attempt.errorClass,
      errorMessage: attempt.errorMessage,
      status,
      nextAttemptAt,
    });
  }
  if (records.length === 0) return { results, retries, log: () => undefined };

  const health = await recordAttempts(client, { destinationId, attempts: records, probe, circuitPolicy });
  // Ordered deliveries settled here: the next of each of their keys goes now (it was left blocked).
  const ordered = new Set(sent.filter(({ delivery }) => delivery.ordering_key !== null).map(({ delivery }) => delivery.id));
  const settled = records.filter((attempt) => ordered.has(attempt.deliveryId) && (attempt.status === "succeeded" || attempt.status === "cancelled"));
  retries.push(...(await nextHeadJobs(client, settled.map((attempt) => attempt.deliveryId))));
  for (const attempt of records) {
    results.set(attempt.deliveryId, {
      outcome: "attempted",
      destinationId,
      attempt: attempt.number,
      status: attempt.status,
      responseStatus: attempt.responseStatus,
      errorClass: attempt.errorClass,
      nextAttemptAt: attempt.nextAttemptAt,
      consecutiveFailures: health.consecutiveFailures,
      pausedDestination: attempt.deliveryId === health.pausedBy ? health.pausedDestination : null,
      circuit: attempt.deliveryId === health.circuitDecidedBy ? health.circuit : null,
    });
  }
  const reportHealth = () => {
    const fields = { destinationId, consecutiveFailures: health.consecutiveFailures };
    if (health.pausedDestination !== null) log.warn("destination paused", { ...fields, deliveryId: health.pausedBy, reason: health.pausedDestination });
    const change = health.circuit;
    const decided = { ...fields, deliveryId: health.circuitDecidedBy };
    if (change?.change === "opened") log.warn("circuit opened: deliveries are held until a probe succeeds", { ...decided, reason: change.reason, nextProbeAt: change.nextProbeAt.toISOString() });
    else if (change?.change === "probe_failed") log.info("probe failed", { ...decided, reason: change.reason, probesFailed: change.probesFailed, nextProbeAt: change.nextProbeAt.toISOString() });
    else if (change?.change === "probe_succeeded") log.info("probe succeeded", { ...decided, reason: change.reason });
    else if (change?.change === "probe_brought_forward") log.info("an attempt succeeded while the circuit was open; probing now", decided);
  };
  // Run after the commit, like the logs: what is counted is what the database kept.
  const countAttempts = () => {
    const { deliveryAttempts, attemptDuration } = instruments();
    for (const attempt of records) {
      deliveryAttempts.inc({ destination_id: destinationId, outcome: attempt.status });
      attemptDuration.observe({ destination_id: destinationId }, attempt.durationMs / 1000);
    }
  };
  return {
    results,
    retries,
    log: () => {
      countAttempts();
      reportHealth();
    },
  };
}
