// Deletes a destination and, with it, its deliveries and their attempts. An attempt in flight at
// that moment finds its delivery gone when it records the result, and records nothing.
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";

export async function deleteDestination({ id }: { id: string }): Promise<{ deleted: boolean; deletedDeliveries: number }> {
  if (!UUID_PATTERN.test(id)) return { deleted: false, deletedDeliveries: 0 };
  return db().$transaction(async (tx) => {
    const deletedDeliveries = await tx.delivery.count({ where: { destinationId: id } });
    const { count } = await tx.destination.deleteMany({ where: { id } });
    return { deleted: count === 1, deletedDeliveries: count === 1 ? deletedDeliveries : 0 };
  });
}
