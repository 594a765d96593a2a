"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { AcceptInviteState } from "@/lib/users/action-results";

export function AcceptInviteForm({ action, email, minPasswordLength }: { action: (state: AcceptInviteState, form: FormData) => Promise<AcceptInviteState>; email: string; minPasswordLength: number }) {
  const [state, formAction, pending] = useActionState(action, {});
  const failure = state.ok === false ? state : null;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field label="Email" name="email-shown" value={email} readOnly hint="You sign in with this address." />
      <Field label="Your name" name="name" autoComplete="name" error={failure?.fieldErrors.name} required maxLength={100} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={failure?.fieldErrors.password}
        hint={`At least ${minPasswordLength} characters.`}
        required
      />
      {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : "Join Switchyard"}
      </Button>
    </form>
  );
}
