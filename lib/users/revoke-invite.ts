// Withdraws an invitation: its link stops working.
import { requirePermission } from "@/lib/access/permissions";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { InviteView } from "@/lib/users/schema";
import { toInviteView } from "@/lib/users/to-user-views";

export async function revokeInvite({ id, actor }: { id: string; actor: Actor }): Promise<InviteView | null> {
  await requirePermission({ actor, permission: "user.manage" });
  return db().$transaction(async (tx) => {
    const invite = await tx.invite.findUnique({ where: { id } });
    if (!invite) return null;
    const updated = await tx.invite.update({
      where: { id },
      data: invite.acceptedAt || invite.revokedAt ? {} : { revokedAt: new Date() },
      include: { invitedBy: { select: { email: true } } },
    });
    if (!invite.acceptedAt && !invite.revokedAt) await recordAudit(tx, { actor, action: "invite.revoked", target: { type: "invite", id, name: invite.email } });
    return toInviteView(updated);
  });
}
