// First-run set-up: creates the first admin account. Gone once any user exists.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schema";
import { needsSetup } from "@/lib/users/needs-setup";
import { createAdminAction } from "./actions";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthCard title="Welcome to Switchyard" subtitle="Create the administrator account. You can invite others later.">
      <SetupForm createAdmin={createAdminAction} minPasswordLength={PASSWORD_MIN_LENGTH} />
    </AuthCard>
  );
}
