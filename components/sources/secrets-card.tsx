"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { OneTimeSecret } from "@/components/sources/one-time-secret";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { SecretField, type CheckSecret } from "@/components/sources/secret-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ScriptForm } from "@/components/ui/script-form";
import { SecretList } from "@/components/ui/secret-list";
import type { RevealSecretResult, RotateSecretResult } from "@/lib/sources/action-results";
import type { SourceView } from "@/lib/sources/schema";

type SecretRow = SourceView["secrets"][number];

export function SecretsCard({
  sourceId,
  schemeId,
  schemeLabel,
  secretHint,
  secretOrigin,
  secrets,
  now,
  reveal,
  rotate,
  checkSecret,
}: {
  sourceId: string;
  schemeId: string;
  schemeLabel: string;
  secretHint: string;
  /** "provider": the sender makes the secret, so it is always pasted (never generated here). */
  secretOrigin: "provider" | "either";
  secrets: SecretRow[];
  /** ISO time of the page render, so relative times match the server's. */
  now: string;
  reveal: (sourceId: string, secretId: string) => Promise<RevealSecretResult>;
  rotate: (sourceId: string, form: FormData) => Promise<RotateSecretResult>;
  checkSecret: CheckSecret;
}) {
  const fromProvider = secretOrigin === "provider";
  // Waiting for the provider's first secret: the form to paste it is the point of the card.
  const [open, setOpen] = useState(fromProvider && secrets.filter((secret) => secret.active).length === 0);
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
          {result.generated ? "Paste it into the sender's webhook settings now." : "Saved; the sender signs with the same value."}
          {hasSecrets && secrets.length > 1 ? " Until the previous secret expires, requests signed with either one are accepted." : " Requests signed with it are accepted from now on."}
        </OneTimeSecret>
      ) : null}
      {active.length === 0 ? (
        <Alert tone="warning">
          {fromProvider && !hasSecrets
            ? `Waiting for ${schemeLabel}'s signing secret: until it is pasted here, every request to this source is refused with 401. Give ${schemeLabel} the webhook URL above, then paste the secret it shows.`
            : `No active secret: every request to this source is refused with 401. ${hasSecrets ? "Rotate" : "Add a secret"} to set one.`}
        </Alert>
      ) : null}
      {hasSecrets ? (
        <SecretList secrets={secrets} now={renderedAt} reveal={(secretId) => reveal(sourceId, secretId)} />
      ) : null}
      {open ? (
        <ScriptForm ref={formRef} onSubmit={onSubmit} className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" noValidate>
          <input type="hidden" name="scheme" value={schemeId} />
          <h3 className="text-sm font-semibold text-slate-900">
            {fromProvider ? (hasSecrets ? `Paste ${schemeLabel}'s new signing secret` : `Paste ${schemeLabel}'s signing secret`) : hasSecrets ? "Rotate the secret" : "Add a secret"}
          </h3>
          {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
          <SecretField
            schemeId={schemeId}
            label={fromProvider ? `Signing secret from ${schemeLabel}` : "New secret"}
            hint={fromProvider ? secretHint : `${secretHint} Or leave it empty to have one generated.`}
            placeholder={fromProvider ? "Paste the secret exactly as shown" : undefined}
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
              {pending ? "Saving…" : fromProvider ? "Save secret" : hasSecrets ? "Rotate secret" : "Add secret"}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </ScriptForm>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            setResult(null);
            setOpen(true);
          }}
        >
          {fromProvider ? (hasSecrets ? "Paste a new secret…" : `Paste ${schemeLabel}'s secret…`) : hasSecrets ? "Rotate secret…" : "Add a secret…"}
        </Button>
      )}
    </div>
  );
}
