// Whether a session (a next-auth JWT) still stands, read from the database at every request: the
// user exists, is not disabled, and has not ended the session since it was issued (sign out
// everywhere, a role change or disabling raise users.session_version). The role is the one stored now.
import type { Role } from "@/lib/access/roles";
import { db } from "@/lib/db";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

export type SessionCheck = { ok: true; user: SessionUser } | { ok: false; reason: "disabled" | "ended" };

export async function checkSession({ userId, sessionVersion }: { userId: string; sessionVersion: number | undefined }): Promise<SessionCheck> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, disabledAt: true, sessionVersion: true } });
  if (!user) return { ok: false, reason: "ended" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  // A token from before session versions existed counts as version 0.
  if ((sessionVersion ?? 0) !== user.sessionVersion) return { ok: false, reason: "ended" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
