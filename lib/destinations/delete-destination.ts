// Deletes a destination and, with it, its deliveries and their attempts. An attempt in flight at
// that moment finds its delivery gone when it records the result, and records nothing.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";

export async function deleteDestination({ id, actor }: { id: string; actor: Actor }): Promise<{ deleted: boolean; deletedDeliveries: number }> {
  if (!UUID_PATTERN.test(id)) return { deleted: false, deletedDeliveries: 0 };
  return db().$transaction(async (tx) => {
    // The deliveries first, then the destination: the order an attempt recording its result locks
    // them in (attempt-delivery.ts), so deleting while attempts are in flight cannot deadlock.
    const { count: deletedDeliveries } = await tx.delivery.deleteMany({ where: { destinationId: id } });
    const destination = await tx.destination.findUnique({ where: { id }, select: { name: true } });
    const { count } = await tx.destination.deleteMany({ where: { id } });
    if (count === 0 || !destination) return { deleted: false, deletedDeliveries: 0 };
    await recordAudit(tx, { actor, action: "destination.deleted", target: { type: "destination", id, name: destination.name }, details: { deletedDeliveries } });
    return { deleted: true, deletedDeliveries };
  });
}
