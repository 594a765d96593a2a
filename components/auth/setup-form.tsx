"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ScriptForm } from "@/components/ui/script-form";
import type { SetupResult } from "@/lib/auth/action-results";
import { readSetupAnswer } from "@/lib/auth/read-setup-answer";
import { readSetupForm } from "@/lib/auth/read-setup-form";

/** The first-run set-up: read here with the API's own schema, sent to POST /api/v1/setup, then signed in. */
export function SetupForm({ minPasswordLength }: { minPasswordLength: number }) {
  const router = useRouter();
  const [result, setResult] = useState<SetupResult | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readSetupForm({ form: new FormData(event.currentTarget) });
    if (!read.ok) {
      setResult(read);
      return;
    }
    setPending(true);
    const response = await fetch("/api/v1/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(read.input),
    }).catch(() => null);
    const outcome = readSetupAnswer({ status: response?.status ?? 0, body: await response?.json().catch(() => null) });
    setResult(outcome);
    if (!outcome.ok) {
      setPending(false);
      return;
    }
    const { email, password } = read.input;
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    router.replace(signedIn?.ok ? "/" : `/login?email=${encodeURIComponent(email)}`);
    router.refresh();
  }

  const fieldErrors = result && !result.ok ? result.fieldErrors : {};
  return (
    <ScriptForm onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      {result && !result.ok && result.message ? <Alert tone="error">{result.message}</Alert> : null}
      <Field
        label="Set-up code"
        name="setupCode"
        autoComplete="off"
        spellCheck={false}
        required
        placeholder="XXXX-XXXX-XXXX-XXXX"
        hint="Printed in the server's start log, on the line “No administrator yet: open …/setup and enter the set-up code …”. Every start prints it again until this account exists."
        error={fieldErrors.setupCode}
      />
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
    </ScriptForm>
  );
}
