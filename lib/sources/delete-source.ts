// Deletes a source and, with it, every event it received (and their routing history).
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";
import { sourceChanged } from "@/lib/sources/source-changes";

export async function deleteSource({ id, actor }: { id: string; actor: Actor }): Promise<{ deleted: boolean; deletedEvents: number }> {
  if (!UUID_PATTERN.test(id)) return { deleted: false, deletedEvents: 0 };
  const result = await db().$transaction(async (tx) => {
    const deletedEvents = await tx.event.count({ where: { sourceId: id } });
    const source = await tx.source.findUnique({ where: { id }, select: { name: true } });
    const { count } = await tx.source.deleteMany({ where: { id } });
    if (count === 0 || !source) return { deleted: false, deletedEvents: 0 };
    await recordAudit(tx, { actor, action: "source.deleted", target: { type: "source", id, name: source.name }, details: { deletedEvents } });
    return { deleted: true, deletedEvents };
  });
  if (result.deleted) sourceChanged(id);
  return result;
}
