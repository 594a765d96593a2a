// Rows → the shapes shown in the Users page and /api/v1.
import type { InviteView, UserView } from "@/lib/users/schema";

export function toUserView(user: {
  id: string;
  email: string;
  name: string | null;
  role: UserView["role"];
  passwordHash: string | null;
  ssoSubject: string | null;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.disabledAt ? "disabled" : "active",
    hasPassword: user.passwordHash !== null,
    ssoLinked: user.ssoSubject !== null,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function inviteStatus(invite: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InviteView["status"] {
  if (invite.acceptedAt) return "accepted";
  if (invite.revokedAt) return "revoked";
  return invite.expiresAt <= now ? "expired" : "open";
}

export function toInviteView(invite: {
  id: string;
  email: string;
  role: InviteView["role"];
  acceptedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
  invitedBy: { email: string } | null;
}): InviteView {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    status: inviteStatus(invite),
    invitedBy: invite.invitedBy?.email ?? null,
    expiresAt: invite.expiresAt.toISOString(),
    createdAt: invite.createdAt.toISOString(),
  };
}
