// Deletes a source and, with it, every event it received (and their routing history).
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";

export async function deleteSource({ id }: { id: string }): Promise<{ deleted: boolean; deletedEvents: number }> {
  if (!UUID_PATTERN.test(id)) return { deleted: false, deletedEvents: 0 };
  return db().$transaction(async (tx) => {
    const deletedEvents = await tx.event.count({ where: { sourceId: id } });
    const { count } = await tx.source.deleteMany({ where: { id } });
    return { deleted: count === 1, deletedEvents: count === 1 ? deletedEvents : 0 };
  });
}
