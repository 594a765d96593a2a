// The circuit breaker's probe of one destination whose circuit is open: the whole of a
// `probe-destination` job. It makes ONE real attempt, through attemptDelivery like any other (the
// attempt row is recorded as usual, marked as a probe, and the delivery moves on its own retry
// schedule), of the oldest waiting delivery that is due, or else the one due soonest: a delivery
// the endpoint keeps refusing (a payload it rejects) is set back by its own schedule, so the next
// probe tries another, and one bad delivery cannot keep a healthy endpoint's circuit open for long.
//   - success: the circuit closes and the backlog drains gradually (lib/destinations/close-circuit.ts);
//   - failure: attemptDelivery has scheduled the next probe, further off (circuit-policy.ts);
//   - nothing waiting: the circuit closes, there being nothing to hold;
//   - the delivery busy or no slot free: the probe comes back a moment later;
//   - circuit closed, probe not due (a superseded job), destination paused or gone: nothing.
// Idempotent: the due check and the probe lock (both in attemptDelivery) make a duplicate job a no-op.
import { pool } from "@/lib/db";
import { attemptDelivery, type AttemptDeliveryOptions } from "@/lib/pipeline/dispatch/attempt-delivery";
import { NOTHING_TO_PROBE_REASON } from "@/lib/destinations/circuit-policy";
import { closeCircuit } from "@/lib/destinations/close-circuit";
import { logger } from "@/lib/log";
import { earlierOpenExists } from "@/lib/ordering/ordering-sql";
import { sendJob } from "@/lib/queue";

const log = logger("circuit");
/** As in attemptDelivery: a job may run this much early. */
const DUE_TOLERANCE_MS = 1000;
const RETRY_SOON_MS = 1000;

export type ProbeDestinationResult =
  | { outcome: "missing" }
  /** Circuit closed, destination paused, or the probe not due yet. */
  | { outcome: "not_due" }
  /** Another worker is probing this destination. */
  | { outcome: "probing" }
  | { outcome: "closed"; reason: string; requeued: number; drainSeconds: number }
  | { outcome: "failed"; reason: string; nextProbeAt: Date }
  /** The probe job comes back at startAfter (the delivery was busy, or no slot was free). */
  | { outcome: "retry_soon"; startAfter: Date };

export type ProbeDestinationOptions = { destinationId: string } & Pick<AttemptDeliveryOptions, "allowCidrs" | "random" | "lookup">;

interface Candidate {
  state: "active" | "paused";
  circuit_state: "closed" | "open";
  circuit_next_probe_at: Date | null;
  now: Date;
  delivery_id: string | null;
}

// Due deliveries all sort at now(), oldest first; the others after them, soonest due first.
const CANDIDATE = `
  SELECT t.state::text AS state, t.circuit_state::text AS circuit_state, t.circuit_next_probe_at, clock_timestamp() AS now,
         (SELECT d.id FROM deliveries d
          WHERE d.destination_id = t.id AND d.status IN ('pending', 'retrying')
            -- An ordered delivery is probed only at the head of its key (lib/ordering).
            AND (d.ordering_key IS NULL OR NOT ${earlierOpenExists("d")})
          ORDER BY greatest(coalesce(d.next_attempt_at, '-infinity'), now()), d.created_at, d.id
          LIMIT 1) AS delivery_id
  FROM destinations t WHERE t.id = $1::uuid`;

export async function probeDestination({ destinationId, ...attemptOptions }: ProbeDestinationOptions): Promise<ProbeDestinationResult> {
  const { rows } = await pool().query<Candidate>(CANDIDATE, [destinationId]);
  const candidate = rows[0];
  if (!candidate) return { outcome: "missing" };
  const due = candidate.circuit_next_probe_at !== null && candidate.circuit_next_probe_at.getTime() <= candidate.now.getTime() + DUE_TOLERANCE_MS;
  if (candidate.state !== "active" || candidate.circuit_state !== "open" || !due) return { outcome: "not_due" };

  const close = async (reason: string): Promise<ProbeDestinationResult> => {
    const closed = await closeCircuit({ destinationId, reason });
    if (!closed.closed) return { outcome: "not_due" };
    log.info("circuit closed: delivering again", { destinationId, reason, requeued: closed.requeued, drainSeconds: closed.drainSeconds });
    return { outcome: "closed", reason, requeued: closed.requeued, drainSeconds: closed.drainSeconds };
  };
  if (candidate.delivery_id === null) return close(NOTHING_TO_PROBE_REASON);

  const result = await attemptDelivery({ deliveryId: candidate.delivery_id, probe: { destinationId }, ...attemptOptions });
  switch (result.outcome) {
    case "attempted":
      if (result.circuit?.change === "probe_succeeded") return close(result.circuit.reason);
      if (result.circuit?.change === "probe_failed") return { outcome: "failed", reason: result.circuit.reason, nextProbeAt: result.circuit.nextProbeAt };
      return { outcome: "missing" }; // the destination went while the request was in flight
    case "deferred":
      // attemptDelivery queued this probe again for then.
      return { outcome: "retry_soon", startAfter: result.startAfter };
    case "busy":
    case "finished":
    case "blocked":
    case "missing": {
      // The delivery we picked is being attempted right now, or has just finished: pick again soon.
      const startAfter = new Date(candidate.now.getTime() + RETRY_SOON_MS);
      await sendJob({ name: "probe-destination", payload: { destinationId }, startAfter });
      return { outcome: "retry_soon", startAfter };
    }
    case "probing":
      return { outcome: "probing" };
    default:
      return { outcome: "not_due" };
  }
}
