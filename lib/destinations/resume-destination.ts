// Resumes a paused destination, and sends what waited gradually (requeue-waiting-deliveries.ts),
// in the same transaction as the state change, so none is left behind. An operator's resume lifts
// the operator's pause only: when the destination's circuit is open too (its endpoint was failing),
// nothing is requeued; its probe is due now instead, and the circuit's closing drains the backlog
// (close-circuit.ts). The failure count and streak are the endpoint's and stay as they are.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { releaseLockKey } from "@/lib/destinations/destination-locks";
import { requeueWaitingDeliveries } from "@/lib/destinations/requeue-waiting-deliveries";
import type { DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";
import { UUID_PATTERN } from "@/lib/ids";
import { inTransaction, sendJob } from "@/lib/queue";

export interface ResumedDestination {
  destination: DestinationView;
  /** Waiting deliveries given a job (0 when it was not paused, or its circuit is open). */
  requeued: number;
  /** Roughly how long sending them takes at the drain rate. */
  drainSeconds: number;
  /** Its circuit is open: nothing was requeued, a probe is due now, and a success drains the backlog. */
  circuitOpen: boolean;
}

export async function resumeDestination({ id, actor }: { id: string; actor: Actor }): Promise<ResumedDestination | null> {
  if (!UUID_PATTERN.test(id)) return null;
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${releaseLockKey(id)}, 0))`;
      const current = await tx.destination.findUnique({ where: { id }, select: { state: true, circuitState: true, rateLimitPerSecond: true } });
      if (!current) return null;
      const circuitOpen = current.circuitState === "open";
      let count = 0;
      let drained = { requeued: 0, drainSeconds: 0 };
      if (current.state === "paused") {
        if (!circuitOpen) drained = await requeueWaitingDeliveries({ tx, destinationId: id, rateLimitPerSecond: current.rateLimitPerSecond });
        ({ count } = await tx.destination.updateMany({ where: { id, state: "paused" }, data: { state: "active", pausedReason: null, pausedAt: null } }));
        if (circuitOpen && count === 1) {
          // Probes stopped while it was paused: the next one is due now (the database's now, the clock
          // the probe's due check reads).
          await tx.$executeRaw`UPDATE destinations SET circuit_next_probe_at = now() WHERE id = ${id}::uuid AND circuit_state = 'open'`;
          await sendJob({ name: "probe-destination", payload: { destinationId: id }, db: inTransaction(tx) });
        }
      }
      const destination = await tx.destination.findUnique({ where: { id }, include: { secrets: true } });
      if (destination && count === 1) {
        await recordAudit(tx, { actor, action: "destination.resumed", target: { type: "destination", id, name: destination.name }, details: { requeued: drained.requeued } });
      }
      return destination ? { destination: toDestinationView(destination), ...drained, circuitOpen } : null;
    },
    { timeout: 60_000 },
  );
}
