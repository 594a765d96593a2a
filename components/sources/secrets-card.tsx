"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { OneTimeSecret } from "@/components/sources/one-time-secret";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { SecretField, type CheckSecret } from "@/components/sources/secret-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SecretList } from "@/components/ui/secret-list";
import type { RevealSecretResult, RotateSecretResult } from "@/lib/sources/action-results";
import type { SourceView } from "@/lib/sources/schema";

type SecretRow = SourceView["secrets"][number];

export function SecretsCard({
  sourceId,
  schemeId,
  secretHint,
  secrets,
  now,
  reveal,
  rotate,
  checkSecret,
}: {
  sourceId: string;
  schemeId: string;
  secretHint: string;
  secrets: SecretRow[];
  /** ISO time of the page render, so relative times match the server's. */
  now: string;
  reveal: (sourceId: string, secretId: string) => Promise<RevealSecretResult>;
  rotate: (sourceId: string, form: FormData) => Promise<RotateSecretResult>;
  checkSecret: CheckSecret;
}) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<RotateSecretResult | null>(null);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, result?.ok ? null : result);
  const renderedAt = new Date(now);
  const active = secrets.filter((secret) => secret.active);
  const hasSecrets = secrets.length > 0;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const outcome = await rotate(sourceId, form);
      setResult(outcome);
      if (outcome.ok) setOpen(false);
    });
  }

  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      {result?.ok ? (
        <OneTimeSecret title="New secret" secret={result.secret} onDismiss={() => setResult(null)}>
          {result.generated ? "Paste it into the sender's webhook settings now." : "Saved; the sender signs with the same value."} Until the previous secret expires, requests signed with either one are accepted.
        </OneTimeSecret>
      ) : null}
      {active.length === 0 ? (
        <Alert tone="warning">No active secret: every request to this source is refused with 401. {hasSecrets ? "Rotate" : "Add a secret"} to set one.</Alert>
      ) : null}
      {hasSecrets ? (
        <SecretList secrets={secrets} now={renderedAt} reveal={(secretId) => reveal(sourceId, secretId)} />
      ) : null}
      {open ? (
        <form ref={formRef} onSubmit={onSubmit} className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" noValidate>
          <input type="hidden" name="scheme" value={schemeId} />
          <h3 className="text-sm font-semibold text-slate-900">{hasSecrets ? "Rotate the secret" : "Add a secret"}</h3>
          {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
          <SecretField
            schemeId={schemeId}
            label="New secret"
            hint={`${secretHint} Or leave it empty to have one generated.`}
            error={errors.secret}
            canOverride={failure?.secretWarning}
            checkSecret={checkSecret}
          />
          {hasSecrets ? (
            <div className="max-w-xs">
              <Field
                label="Keep the current secrets working for (hours)"
                name="overlapHours"
                type="number"
                min={0}
                step="any"
                defaultValue="24"
                hint="0 retires them now."
                error={errors.overlapHours}
              />
            </div>
          ) : null}
          {hasSecrets ? (
            <p className="text-xs text-slate-600">
              The new secret verifies from now on. Until the overlap ends, requests signed with the current secret are accepted too, so you can switch the sender over without losing webhooks.
            </p>
          ) : null}
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : hasSecrets ? "Rotate secret" : "Add secret"}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            setResult(null);
            setOpen(true);
          }}
        >
          {hasSecrets ? "Rotate secret…" : "Add a secret…"}
        </Button>
      )}
    </div>
  );
}
