// Session checks for pages, server actions and API routes. A next-auth JWT alone is not enough: the
// user is read from the database at every check (lib/auth/active-session-user.ts), so disabling a
// user, changing their role or signing out everywhere takes effect on their next request.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { Role } from "@/lib/access/roles";
import { checkSession, type SessionCheck } from "@/lib/auth/active-session-user";
import { authOptions } from "@/lib/auth/options";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/** The session's standing: its user now, or why it no longer stands; null without a session. */
export async function sessionCheck(): Promise<SessionCheck | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return checkSession({ userId: session.user.id, sessionVersion: session.user.sessionVersion });
}

export async function currentUser(): Promise<CurrentUser | null> {
  const check = await sessionCheck();
  return check?.ok ? check.user : null;
}

/** For pages and server actions: the signed-in user, or a redirect to the sign-in page (saying why). */
export async function requireUser(): Promise<CurrentUser> {
  const check = await sessionCheck();
  if (check?.ok) return check.user;
  if (check && !check.ok) redirect(`/login?error=${check.reason === "disabled" ? SIGN_IN_ERRORS.accountDisabled : SIGN_IN_ERRORS.sessionEnded}`);
  redirect("/login");
}
