// Closes a destination's open circuit: after a probe succeeded (lib/pipeline/dispatch/probe-destination.ts),
// or when nothing was waiting to probe with. The deliveries it held are requeued with the gradual
// drain a resume uses (requeue-waiting-deliveries.ts), so a receiver that just came back is not
// flooded, and retries the outage pushed out are pulled into that drain; a destination an operator
// paused meanwhile keeps them until it is resumed. The history
// row and the audit entry (by the system) commit with the change.
//
// Its own transaction, never the probe's: the drain locks delivery rows, which must come before the
// destination row (the order attempts lock them in), and the probe's attempt already holds that
// row. The destination's probe lock comes first, as in attemptDelivery, so no probe runs while the
// circuit closes; then the release lock (destination-locks.ts), so a resume and a close never drain
// at once and an attempt that finds the circuit open waits for this to commit. The failure
// count and streak are left as they are: a probe's success has reset them, and with nothing to
// probe with the endpoint has not answered yet, so one more failure can open the circuit again.
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { requeueWaitingDeliveries } from "@/lib/destinations/requeue-waiting-deliveries";
import { probeLockKey, releaseLockKey } from "@/lib/destinations/destination-locks";

export interface ClosedCircuit {
  /** False when it was not open (closed already, or the destination is gone). */
  closed: boolean;
  requeued: number;
  drainSeconds: number;
}

export async function closeCircuit({ destinationId, reason }: { destinationId: string; reason: string }): Promise<ClosedCircuit> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${probeLockKey(destinationId)}, 0))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${releaseLockKey(destinationId)}, 0))`;
      const current = await tx.destination.findUnique({ where: { id: destinationId }, select: { name: true, state: true, circuitState: true, rateLimitPerSecond: true } });
      if (!current || current.circuitState !== "open") return { closed: false, requeued: 0, drainSeconds: 0 };
      const drained =
        current.state === "active"
          ? await requeueWaitingDeliveries({ tx, destinationId, rateLimitPerSecond: current.rateLimitPerSecond, pullForward: true })
          : { requeued: 0, drainSeconds: 0 };
      const [{ now } = { now: new Date() }] = await tx.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS now`;
      await tx.destination.update({
        where: { id: destinationId },
        data: { circuitState: "closed", circuitOpenedAt: null, circuitNextProbeAt: null, circuitProbesFailed: 0 },
      });
      await tx.destinationCircuitEvent.create({ data: { destinationId, at: now, fromState: "open", toState: "closed", reason } });
      await recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: "destination.circuit_closed",
        target: { type: "destination", id: destinationId, name: current.name },
        details: { reason, requeued: drained.requeued },
      });
      return { closed: true, ...drained };
    },
    { timeout: 60_000 },
  );
}
