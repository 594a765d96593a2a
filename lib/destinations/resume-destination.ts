// Resumes a paused destination. Attempts that came due while it was paused did nothing, so every
// delivery still waiting (pending or retrying) gets a fresh `deliver` job, due when it was due:
// in the same transaction as the state change, so none is left behind. A delivery that already has
// a job gets a second one; the engine is idempotent, and the later of the two does nothing.
import { db } from "@/lib/db";
import { enqueueDeliveries } from "@/lib/delivery/enqueue-delivery";
import { UUID_PATTERN } from "@/lib/ids";
import type { DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export async function resumeDestination({ id }: { id: string }): Promise<{ destination: DestinationView; requeued: number } | null> {
  if (!UUID_PATTERN.test(id)) return null;
  return db().$transaction(
    async (tx) => {
      const { count } = await tx.destination.updateMany({ where: { id, state: "paused" }, data: { state: "active", pausedReason: null, pausedAt: null } });
      let requeued = 0;
      if (count === 1) {
        const waiting = await tx.delivery.findMany({
          where: { destinationId: id, status: { in: ["pending", "retrying"] } },
          select: { id: true, nextAttemptAt: true },
        });
        requeued = await enqueueDeliveries({ deliveries: waiting.map((delivery) => ({ id: delivery.id, startAfter: delivery.nextAttemptAt })), tx });
      }
      const destination = await tx.destination.findUnique({ where: { id }, include: { secrets: true } });
      return destination ? { destination: toDestinationView(destination), requeued } : null;
    },
    { timeout: 60_000 },
  );
}
