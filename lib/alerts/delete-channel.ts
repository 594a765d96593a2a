// Deletes a channel and the record of what it was sent (the alerts themselves stay in the history).
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export async function deleteChannel({ id, actor }: { id: string; actor: Actor }): Promise<boolean> {
  if (!isUuid(id)) return false;
  return db().$transaction(async (tx) => {
    const deleted = await tx.notificationChannel.deleteMany({ where: { id } });
    if (deleted.count === 0) return false;
    await recordAudit(tx, { actor, action: "notification_channel.deleted", target: { type: "notification_channel", id, name: null } });
    return true;
  });
}
