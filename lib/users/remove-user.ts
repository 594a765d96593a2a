// Removes a user: their API tokens go with them (cascade); audit rows keep their email. The last
// active administrator cannot be removed.
import { requirePermission } from "@/lib/access/permissions";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { refuseLosingLastAdmin } from "@/lib/users/update-user";

export async function removeUser({ id, actor }: { id: string; actor: Actor }): Promise<{ id: string; email: string } | null> {
  await requirePermission({ actor, permission: "user.manage" });
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, role: true, disabledAt: true } });
    if (!user) return null;
    if (user.role === "admin" && !user.disabledAt) await refuseLosingLastAdmin(tx, id, "removing them");
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "user.removed", target: { type: "user", id, name: user.email }, details: { role: user.role } });
    return { id: user.id, email: user.email };
  });
}
