"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { SetupResult } from "@/lib/auth/action-results";
import { formText } from "@/lib/forms/form-text";

export function SetupForm({ createAdmin, minPasswordLength }: { createAdmin: (form: FormData) => Promise<SetupResult>; minPasswordLength: number }) {
  const router = useRouter();
  const [result, setResult] = useState<SetupResult | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const outcome = await createAdmin(form);
    setResult(outcome);
    if (!outcome.ok) {
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    });
    router.replace(signedIn?.ok ? "/" : `/login?email=${encodeURIComponent(formText(form, "email"))}`);
    router.refresh();
  }

  const fieldErrors = result && !result.ok ? result.fieldErrors : {};
  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      {result && !result.ok && result.message ? <Alert tone="error">{result.message}</Alert> : null}
      <Field label="Your name" name="name" autoComplete="name" error={fieldErrors.name} />
      <Field label="Email" name="email" type="email" autoComplete="username" required error={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        hint={`At least ${minPasswordLength} characters.`}
        error={fieldErrors.password}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create admin account"}
      </Button>
    </form>
  );
}
