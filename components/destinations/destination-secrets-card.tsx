"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { SigningSecretOnce, VerificationNote } from "@/components/destinations/signing-secret-once";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ScriptForm } from "@/components/ui/script-form";
import { SecretList } from "@/components/ui/secret-list";
import type { RotateDestinationSecretResult } from "@/lib/destinations/action-results";
import type { DestinationView } from "@/lib/destinations/schema";

type SecretRow = DestinationView["secrets"][number];

/** The signing secrets (masked), and rotation with an overlap; the new secret is shown once. */
export function DestinationSecretsCard({
  destinationId,
  secrets,
  now,
  rotate,
}: {
  destinationId: string;
  secrets: SecretRow[];
  /** ISO time of the page render, so relative times match the server's. */
  now: string;
  rotate: (destinationId: string, form: FormData) => Promise<RotateDestinationSecretResult>;
}) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<RotateDestinationSecretResult | null>(null);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, result?.ok ? null : result);
  const renderedAt = new Date(now);
  const active = secrets.filter((secret) => secret.active);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const outcome = await rotate(destinationId, form);
      setResult(outcome);
      if (outcome.ok) setOpen(false);
    });
  }

  const failure = result && !result.ok ? result : null;
  return (
    <div className="space-y-4">
      {result?.ok ? (
        <SigningSecretOnce title="New signing secret" secret={result.secret} onDismiss={() => setResult(null)}>
          Requests are signed with it from now on, and with the previous secret too until it expires, so the receiver accepts either meanwhile.
        </SigningSecretOnce>
      ) : (
        <VerificationNote />
      )}
      {active.length === 0 ? <Alert tone="warning">No active signing secret: rotate to create one.</Alert> : null}
      <SecretList secrets={secrets} now={renderedAt} />
      {open ? (
        <ScriptForm ref={formRef} onSubmit={onSubmit} className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" noValidate>
          <h3 className="text-sm font-semibold text-slate-900">Rotate the signing secret</h3>
          {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
          <div className="max-w-xs">
            <Field
              label="Keep signing with the current secrets for (hours)"
              name="overlapHours"
              type="number"
              min={0}
              step="any"
              defaultValue="24"
              hint="0 retires them now. At most 720 (30 days)."
              error={failure?.fieldErrors.overlapHours}
            />
          </div>
          <p className="text-xs text-slate-600">
            A new secret is generated and shown once. Until the overlap ends each request carries a signature for every active secret, so the receiver can switch to the new one at its own pace.
          </p>
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Rotating…" : "Rotate secret"}
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
          Rotate secret…
        </Button>
      )}
    </div>
  );
}
