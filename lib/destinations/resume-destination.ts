// Resumes a paused destination, and sends what waited gradually. Attempts that came due while it
// was paused did nothing, so every delivery still waiting (pending or retrying) gets a fresh
// `deliver` job, in the same transaction as the state change, so none is left behind. After a long
// pause that can be thousands at once, which would hit a receiver that is just recovering (and
// likely pause it again). So they are staggered, oldest first: the k-th (from 0) is due at
// max(when it was due, now + k / drain rate seconds), the drain rate being the destination's rate
// limit or DEFAULT_DRAIN_PER_SECOND, and its next_attempt_at moves with its job so the engine's
// not-due check agrees. The count of failed attempts in a row starts again from 0. A delivery that
// already had a job gets a second one; the engine is idempotent, and the earlier one finds it not
// due yet (or the later one finds it done).
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { enqueueDeliveries } from "@/lib/delivery/enqueue-delivery";
import { UUID_PATTERN } from "@/lib/ids";
import { drainRatePerSecond, drainSeconds } from "@/lib/destinations/resume-drain";
import type { DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export interface ResumedDestination {
  destination: DestinationView;
  /** Waiting deliveries given a job (0 when it was not paused). */
  requeued: number;
  /** Roughly how long sending them takes at the drain rate. */
  drainSeconds: number;
}

export async function resumeDestination({ id, actor }: { id: string; actor: Actor }): Promise<ResumedDestination | null> {
  if (!UUID_PATTERN.test(id)) return null;
  return db().$transaction(
    async (tx) => {
      // One resume of a destination at a time (a double click, the UI and the API at once).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`switchyard.destination-resume:${id}`}, 0))`;
      const current = await tx.destination.findUnique({ where: { id }, select: { state: true, rateLimitPerSecond: true } });
      if (!current) return null;
      let count = 0;
      let requeued = 0;
      let seconds = 0;
      if (current.state === "paused") {
        const rate = drainRatePerSecond(current.rateLimitPerSecond);
        // The delivery rows are locked before the destination's, the order an attempt recording
        // its result locks them in (attempt-delivery.ts), so the two never deadlock. updated_at is
        // left alone: the rate limit reads it as "an attempt just finished".
        const staggered = await tx.$queryRaw<Array<{ id: string; next_attempt_at: Date }>>`
          WITH waiting AS (
            SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS k
            FROM deliveries WHERE destination_id = ${id}::uuid AND status IN ('pending', 'retrying')
          )
          UPDATE deliveries d
          SET next_attempt_at = greatest(d.next_attempt_at, now() + w.k / ${rate}::float8 * interval '1 second')
          FROM waiting w
          WHERE d.id = w.id AND d.status IN ('pending', 'retrying')
          RETURNING d.id, d.next_attempt_at`;
        ({ count } = await tx.destination.updateMany({
          where: { id, state: "paused" },
          data: { state: "active", pausedReason: null, pausedAt: null, consecutiveFailures: 0 },
        }));
        requeued = await enqueueDeliveries({ deliveries: staggered.map((delivery) => ({ id: delivery.id, startAfter: delivery.next_attempt_at })), tx });
        seconds = drainSeconds(requeued, rate);
      }
      const destination = await tx.destination.findUnique({ where: { id }, include: { secrets: true } });
      if (destination && count === 1) {
        await recordAudit(tx, { actor, action: "destination.resumed", target: { type: "destination", id, name: destination.name }, details: { requeued } });
      }
      return destination ? { destination: toDestinationView(destination), requeued, drainSeconds: seconds } : null;
    },
    { timeout: 60_000 },
  );
}
