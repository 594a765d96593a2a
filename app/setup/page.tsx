// First-run set-up: creates the first admin account, given the set-up code from the start log.
// Gone once any user exists.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schema";
import { needsSetup } from "@/lib/users/needs-setup";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthCard
      title="Welcome to Switchyard"
      subtitle="Create the administrator account. To show that you run this server, enter the set-up code it printed when it started: look in the output of npm start (or your service's log, e.g. journalctl or docker logs) for “No administrator yet”."
    >
      <SetupForm minPasswordLength={PASSWORD_MIN_LENGTH} />
    </AuthCard>
  );
}
