// Changes a user's role, disables / enables them, or unbinds their single sign-on identity. A role
// change, disabling or unbinding ends their sessions at once (their session version is raised;
// lib/auth/active-session-user.ts). The last active administrator can be
// neither demoted nor disabled: the instance would have no one to manage it.
import { requirePermission } from "@/lib/access/permissions";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { UserUpdateInput, type UserView } from "@/lib/users/schema";
import { toUserView } from "@/lib/users/to-user-views";
import { UserManagementError } from "@/lib/users/user-management-error";

const ADMINS_LOCK = 7_314_002;

/** Within a transaction: refuses when `userId` is the only active admin left. Serialised by an advisory lock. */
export async function refuseLosingLastAdmin(tx: Prisma.TransactionClient, userId: string, what: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMINS_LOCK})`;
  const others = await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: userId } } });
  if (others === 0) throw new UserManagementError("last_admin", `This is the last active administrator: ${what} would leave no one to manage Switchyard. Make someone else an administrator first.`);
}

export async function updateUser({ id, input, actor }: { id: string; input: UserUpdateInput; actor: Actor }): Promise<UserView | null> {
  await requirePermission({ actor, permission: "user.manage" });
  const change = UserUpdateInput.parse(input);
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) return null;
    const demoting = change.role !== undefined && change.role !== "admin" && user.role === "admin";
    const disabling = change.disabled === true && !user.disabledAt;
    if (user.role === "admin" && !user.disabledAt && (demoting || disabling)) {
      await refuseLosingLastAdmin(tx, id, demoting ? "changing their role" : "disabling them");
    }
    const roleChanged = change.role !== undefined && change.role !== user.role;
    const enabling = change.disabled === false && user.disabledAt !== null;
    const unlinking = change.ssoLinked === false && user.ssoSubject !== null;
    if (!roleChanged && !disabling && !enabling && !unlinking) return toUserView(user);
    const updated = await tx.user.update({
      where: { id },
      data: {
        ...(roleChanged ? { role: change.role } : {}),
        ...(disabling ? { disabledAt: new Date() } : {}),
        ...(enabling ? { disabledAt: null } : {}),
        ...(unlinking ? { ssoIssuer: null, ssoSubject: null } : {}),
        // Sessions end: a new role is taken up at the next sign-in, a disabled user is out now, and
        // an unbound identity (perhaps the wrong person's) keeps no session.
        ...(roleChanged || disabling || unlinking ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    const target = { type: "user" as const, id, name: user.email };
    if (roleChanged) await recordAudit(tx, { actor, action: "user.role_changed", target, details: { changes: { role: { from: user.role, to: updated.role } } } });
    if (disabling) await recordAudit(tx, { actor, action: "user.disabled", target });
    if (enabling) await recordAudit(tx, { actor, action: "user.enabled", target });
    if (unlinking) await recordAudit(tx, { actor, action: "user.sso_unlinked", target });
    return toUserView(updated);
  });
}
