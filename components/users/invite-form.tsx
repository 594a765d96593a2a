"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OneTimeSecretBox } from "@/components/ui/one-time-secret-box";
import { SelectField } from "@/components/ui/select-field";
import { Alert } from "@/components/ui/alert";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/access/roles";
import type { InviteActionState } from "@/lib/users/action-results";

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: `${ROLE_LABELS[role]} — ${ROLE_DESCRIPTIONS[role]}` }));

export function InviteForm({ action, smtpConfigured }: { action: (state: InviteActionState, form: FormData) => Promise<InviteActionState>; smtpConfigured: boolean }) {
  const [state, formAction, pending] = useActionState(action, {});
  const failure = state.ok === false ? state : null;
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start" noValidate>
        <Field label="Email" name="email" type="email" placeholder="jane@example.com" error={failure?.fieldErrors.email} required maxLength={254} />
        <SelectField label="Role" name="role" options={ROLE_OPTIONS} defaultValue="operator" error={failure?.fieldErrors.role} />
        <Button type="submit" className="sm:mt-6" disabled={pending}>
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
      {state.ok === true ? (
        <OneTimeSecretBox
          title={`Invitation link for ${state.email}`}
          secret={state.url}
          note={
            state.emailed
              ? "It was also e-mailed to them. It works once, for 7 days; this is the only time it is shown."
              : state.emailProblem
                ? `Not e-mailed: ${state.emailProblem} Send them this link yourself; it works once, for 7 days, and is shown only now.`
                : smtpConfigured
                  ? "Send them this link; it works once, for 7 days, and is shown only now."
                  : "E-mail is not configured (SMTP_URL), so send them this link yourself. It works once, for 7 days, and is shown only now."
          }
        />
      ) : null}
    </div>
  );
}
