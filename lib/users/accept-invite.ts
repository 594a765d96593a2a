// The invite link: what it offers (findInvite) and taking it (acceptInvite), once, before it expires.
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { hashInviteToken } from "@/lib/users/invite-user";
import { AcceptInviteInput } from "@/lib/users/schema";
import { inviteStatus } from "@/lib/users/to-user-views";
import { UserManagementError } from "@/lib/users/user-management-error";

export type InviteLookup =
  | { ok: true; invite: { email: string; role: "viewer" | "operator" | "admin"; expiresAt: Date } }
  | { ok: false; reason: "unknown" | "accepted" | "expired" | "revoked" };

const UNUSABLE: Record<Exclude<InviteLookup, { ok: true }>["reason"], string> = {
  unknown: "This invitation link is not valid. Ask an administrator for a new one.",
  accepted: "This invitation has already been used. Sign in instead.",
  expired: "This invitation has expired. Ask an administrator for a new one.",
  revoked: "This invitation was withdrawn (perhaps a newer one was sent). Ask an administrator for a new one.",
};

export function inviteProblemMessage(reason: Exclude<InviteLookup, { ok: true }>["reason"]): string {
  return UNUSABLE[reason];
}

export async function findInvite({ token }: { token: string }): Promise<InviteLookup> {
  if (typeof token !== "string" || token.length === 0 || token.length > 200) return { ok: false, reason: "unknown" };
  const invite = await db().invite.findUnique({ where: { tokenHash: hashInviteToken(token) } });
  if (!invite) return { ok: false, reason: "unknown" };
  const status = inviteStatus(invite);
  if (status !== "open") return { ok: false, reason: status };
  return { ok: true, invite: { email: invite.email, role: invite.role, expiresAt: invite.expiresAt } };
}

/** Creates the user from an open invite; refuses (UserManagementError invite_unusable) once used, expired or withdrawn. */
export async function acceptInvite({ token, input }: { token: string; input: AcceptInviteInput }): Promise<{ id: string; email: string }> {
  const { name, password } = AcceptInviteInput.parse(input);
  const found = await findInvite({ token });
  if (!found.ok) throw new UserManagementError("invite_unusable", inviteProblemMessage(found.reason));
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    // Taken atomically: two submissions of one link make one user.
    const taken = await tx.invite.updateManyAndReturn({
      where: { tokenHash: hashInviteToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    const invite = taken[0];
    if (!invite) throw new UserManagementError("invite_unusable", inviteProblemMessage("accepted"));
    if (await tx.user.findUnique({ where: { email: invite.email }, select: { id: true } })) {
      throw new UserManagementError("invite_unusable", `${invite.email} already has an account. Sign in instead.`);
    }
    const user = await tx.user.create({ data: { email: invite.email, name, passwordHash, role: invite.role } });
    await recordAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.joined", target: { type: "user", id: user.id, name: user.email }, details: { role: user.role } });
    return { id: user.id, email: user.email };
  });
}
