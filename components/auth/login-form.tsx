"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ScriptForm } from "@/components/ui/script-form";
import { formText } from "@/lib/forms/form-text";
import { signInErrorMessage } from "@/lib/auth/sign-in-error-message";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-provider-id";

export function LoginForm({
  callbackUrl,
  initialError,
  initialEmail,
  ssoName,
}: {
  callbackUrl: string;
  initialError?: string | null;
  initialEmail?: string;
  /** The identity provider's name when single sign-on is configured. */
  ssoName?: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError));
  const [pending, setPending] = useState(false);

  async function onSso() {
    setPending(true);
    setError(null);
    // Leaves the page for the identity provider; a refusal comes back as /login?error=….
    await signIn(OIDC_PROVIDER_ID, { callbackUrl });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    setError(signInErrorMessage(result?.error ?? "unknown"));
  }

  return (
    <ScriptForm onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {ssoName ? (
        <>
          <Button variant="secondary" className="w-full" disabled={pending} onClick={() => void onSso()}>
            Sign in with {ssoName}
          </Button>
          <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" />
            or with your email and password
            <span className="h-px flex-1 bg-slate-200" />
          </div>
        </>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={initialEmail} autoFocus={!initialEmail} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required autoFocus={Boolean(initialEmail)} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </ScriptForm>
  );
}
