// Every dashboard page requires a session; unknown visitors go to the sign-in page.
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import type { Role } from "@/lib/access/roles";
import { requireUser } from "@/lib/auth/session";

const ROLE_NOTES: Record<Role, string> = {
  viewer: "Viewer: read-only, secrets hidden",
  operator: "Operator: retries, replays, pauses",
  admin: "Administrator",
};

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <AppShell userEmail={user.email} roleNote={ROLE_NOTES[user.role]}>
      {children}
    </AppShell>
  );
}
