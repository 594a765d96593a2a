// Session checks for pages, server actions and API routes.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

export async function currentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return { id: session.user.id, email: session.user.email ?? "", name: session.user.name ?? null, role: session.user.role };
}

/** For pages and server actions: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
