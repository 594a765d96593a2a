// The sign-in page. Sends the very first visitor to set-up instead.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { ssoName } from "@/lib/auth/oidc-provider";
import { currentUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { needsSetup } from "@/lib/users/needs-setup";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await needsSetup()) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : null;
  const email = typeof params.email === "string" ? params.email : undefined;
  return (
    <AuthCard title="Sign in to Switchyard" subtitle={params.joined === "1" ? "Your account is ready: sign in with your new password." : undefined}>
      <LoginForm callbackUrl={callbackUrl} initialError={error} initialEmail={email} ssoName={ssoName()} />
    </AuthCard>
  );
}
