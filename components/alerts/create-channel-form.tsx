"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OneTimeSecretBox } from "@/components/ui/one-time-secret-box";
import { ScriptForm } from "@/components/ui/script-form";
import { SelectField } from "@/components/ui/select-field";
import { TextareaField } from "@/components/ui/textarea-field";
import type { CreateChannelResult } from "@/lib/alerts/action-results";

const KINDS = [
  { value: "slack", label: "Slack-compatible incoming webhook" },
  { value: "webhook", label: "Signed webhook (Switchyard event)" },
  { value: "email", label: "E-mail" },
] as const;

const KIND_HELP: Record<(typeof KINDS)[number]["value"], string> = {
  slack: "Paste an incoming-webhook URL from Slack (or Mattermost, Rocket.Chat… anything that takes Slack's { \"text\" } body). The URL is the credential: it is stored encrypted and never shown again.",
  webhook: "Switchyard POSTs a JSON event (alert.firing, alert.repeat, alert.resolved) signed the Standard Webhooks way, like deliveries to destinations. The signing secret is shown once, after you add it.",
  email: "Sent through this instance's SMTP server (SMTP_URL). Enter one or more addresses.",
};

/** The "Add a channel" form; shows the webhook kind's signing secret once after creating it. */
export function CreateChannelForm({ action, smtpConfigured }: { action: (state: CreateChannelResult, form: FormData) => Promise<CreateChannelResult>; smtpConfigured: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [kind, setKind] = useState<(typeof KINDS)[number]["value"]>("slack");
  const errors = state && !state.ok ? state.fieldErrors : {};
  // Submitted by hand rather than through `action`, so React does not clear what was typed when it is refused.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(() => formAction(data));
  };
  return (
    <div className="space-y-4">
      <ScriptForm onSubmit={submit} className="space-y-4" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Kind" name="kind" options={KINDS} value={kind} onChange={(event) => setKind(event.target.value as typeof kind)} error={errors.kind} />
          <Field label="Name" name="name" placeholder="e.g. #ops-alerts" maxLength={100} required error={errors.name} hint="How it is listed here and in the alert history." />
        </div>
        <p className="text-sm text-slate-600">{KIND_HELP[kind]}</p>
        {kind === "email" ? (
          <>
            {smtpConfigured ? null : <Alert tone="warning">SMTP_URL is not set on this instance: an e-mail channel can be added, but nothing can be sent until it is configured.</Alert>}
            <TextareaField label="Recipients" name="recipients" rows={2} placeholder="ops@example.com, oncall@example.com" error={errors.recipients} hint="Up to 20 addresses, separated by commas or new lines." />
          </>
        ) : (
          <>
            <Field label="URL" name="url" type="url" placeholder={kind === "slack" ? "https://hooks.slack.com/services/…" : "https://ops.example.com/switchyard-alerts"} maxLength={2048} required error={errors.url} />
            <label className="flex items-start gap-2 text-sm text-slate-700">
              <input type="checkbox" name="allowPrivateNetwork" className="mt-0.5 rounded border-slate-300" />
              <span>
                Allow private network <span className="text-slate-500">(an internal chat server on 10.x, 192.168.x or localhost; cloud metadata addresses stay blocked)</span>
              </span>
            </label>
          </>
        )}
        {state && !state.ok && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add channel"}
        </Button>
      </ScriptForm>
      {state?.ok ? (
        state.signingSecret ? (
          <OneTimeSecretBox title={`Signing secret of “${state.name}”`} secret={state.signingSecret} note="Copy it now: it won't be shown again. Your receiver verifies the webhook-signature header with it (any Standard Webhooks library)." />
        ) : (
          <Alert tone="success">Added “{state.name}”. Send it a test notification below to check it works.</Alert>
        )
      ) : null}
    </div>
  );
}
