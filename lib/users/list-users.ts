// Everyone with an account, and the invitations not yet accepted (newest first).
import { db } from "@/lib/db";
import type { InviteView, UserView } from "@/lib/users/schema";
import { toInviteView, toUserView } from "@/lib/users/to-user-views";

export async function listUsers(): Promise<UserView[]> {
  const users = await db().user.findMany({ orderBy: [{ createdAt: "asc" }] });
  return users.map(toUserView);
}

export async function getUser({ id }: { id: string }): Promise<UserView | null> {
  const user = await db().user.findUnique({ where: { id } });
  return user ? toUserView(user) : null;
}

/** Open, expired and revoked invitations (accepted ones are users now), newest first. */
export async function listInvites(): Promise<InviteView[]> {
  const invites = await db().invite.findMany({
    where: { acceptedAt: null },
    orderBy: { createdAt: "desc" },
    take: 100,
    include: { invitedBy: { select: { email: true } } },
  });
  return invites.map(toInviteView);
}
