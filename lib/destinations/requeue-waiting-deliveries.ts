// Sends a destination's waiting deliveries again, gradually: an operator's resume and the circuit
// breaker closing both end here. Attempts that came due while the destination was held did nothing,
// so every delivery still waiting (pending or retrying) gets a fresh `deliver` job, on the caller's
// transaction, so none is left behind. After a long hold that can be thousands at once, which would
// hit a receiver that is just recovering (and likely trip it again). So they are staggered, oldest
// first, at the drain's pace (resume-drain.ts: the destination's rate limit, or a slow start): the
// k-th (from 0) is due at now + drainOffsetSeconds(k), computed here in SQL, and its next_attempt_at
// moves with its job so the engine's not-due check agrees. An operator's resume never sends a delivery before it was
// due (max of the two). A circuit that closes does (`pullForward`): its probe just succeeded, so the
// retries that the failing endpoint pushed minutes or hours out go now, in the drain, instead of
// leaving a recovered endpoint's backlog waiting out a schedule set by the outage. A delivery that already had a job gets a
// second one; the engine is idempotent, and the earlier one finds it not due yet (or the later one
// finds it done).
//
// Lock order: the caller holds no destination row lock yet. The delivery rows are locked here,
// before the destination's is updated, the order an attempt recording its result locks them in
// (lib/pipeline/dispatch/attempt-delivery.ts), so the two never deadlock. updated_at is left alone: the
// rate limit reads it as "an attempt just finished".
import { drainPace, drainSeconds } from "@/lib/destinations/resume-drain";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueDeliveries } from "@/lib/queue";

export interface RequeuedWaiting {
  /** Waiting deliveries given a job. */
  requeued: number;
  /** Roughly how long sending them takes at the drain rate. */
  drainSeconds: number;
}

export async function requeueWaitingDeliveries({
  tx,
  destinationId,
  rateLimitPerSecond,
  pullForward = false,
}: {
  tx: Prisma.TransactionClient;
  destinationId: string;
  rateLimitPerSecond: number | null;
  /** Also send deliveries whose retry is scheduled later than their place in the drain. */
  pullForward?: boolean;
}): Promise<RequeuedWaiting> {
  const pace = drainPace(rateLimitPerSecond);
  // drainOffsetSeconds(k): k / r₀ evenly, or T·log₂(1 + k·ln2 / (r₀·T)) with a slow start.
  const staggered = await tx.$queryRaw<Array<{ id: string; next_attempt_at: Date }>>`
    WITH waiting AS (
      SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS k
      FROM deliveries WHERE destination_id = ${destinationId}::uuid AND status IN ('pending', 'retrying')
    ), due AS (
      SELECT id, now() + interval '1 second' * CASE
               WHEN ${pace.doublingSeconds}::float8 IS NULL THEN k / ${pace.perSecond}::float8
               ELSE ${pace.doublingSeconds}::float8 * ln(1 + k * ln(2) / (${pace.perSecond}::float8 * ${pace.doublingSeconds}::float8)) / ln(2)
             END AS at
      FROM waiting
    )
    UPDATE deliveries d
    SET next_attempt_at = CASE WHEN ${pullForward} THEN w.at ELSE greatest(d.next_attempt_at, w.at) END
    FROM due w
    WHERE d.id = w.id AND d.status IN ('pending', 'retrying')
    RETURNING d.id, d.next_attempt_at`;
  const requeued = await enqueueDeliveries({ deliveries: staggered.map((delivery) => ({ id: delivery.id, startAfter: delivery.next_attempt_at })), tx });
  return { requeued, drainSeconds: drainSeconds(requeued, pace) };
}
