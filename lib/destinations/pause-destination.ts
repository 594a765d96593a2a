// Pauses a destination: its deliveries stay pending (attempts that come due do nothing, and the
// circuit breaker does not probe it) until someone resumes it; it never lifts by itself. The engine
// pauses one itself only when its endpoint answers 410 Gone (lib/pipeline/dispatch/attempt-delivery.ts); an
// endpoint that keeps failing opens its circuit instead, which heals itself (circuit-policy.ts).
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";
import { PauseDestinationInput, type DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export async function pauseDestination({ id, input = {}, actor }: { id: string; input?: PauseDestinationInput; actor: Actor }): Promise<DestinationView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const { reason } = PauseDestinationInput.parse(input);
  return db().$transaction(async (tx) => {
    // An already paused destination keeps its original reason and time (and records nothing).
    const { count } = await tx.destination.updateMany({ where: { id, state: "active" }, data: { state: "paused", pausedReason: reason, pausedAt: new Date() } });
    const destination = await tx.destination.findUnique({ where: { id }, include: { secrets: true } });
    if (!destination) return null;
    if (count === 1) {
      await recordAudit(tx, { actor, action: "destination.paused", target: { type: "destination", id, name: destination.name }, details: { reason: destination.pausedReason } });
    }
    return toDestinationView(destination);
  });
}
