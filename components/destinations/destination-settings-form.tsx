"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { DestinationFields, type CheckDestinationUrl, type DestinationFormValues } from "@/components/destinations/destination-fields";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ScriptForm } from "@/components/ui/script-form";
import type { RevealHeadersResult, UpdateDestinationResult } from "@/lib/destinations/action-results";

/** A destination's settings; they apply from the next delivery attempt on. */
export function DestinationSettingsForm({
  destinationId,
  values,
  defaultRetrySchedule,
  updateDestination,
  checkUrl,
  revealHeaders,
}: {
  destinationId: string;
  values: DestinationFormValues;
  defaultRetrySchedule: string;
  updateDestination: (destinationId: string, form: FormData) => Promise<UpdateDestinationResult>;
  checkUrl: CheckDestinationUrl;
  /** Absent for someone who may not see header values: no Reveal button. */
  revealHeaders?: (destinationId: string) => Promise<RevealHeadersResult>;
}) {
  const [result, setResult] = useState<UpdateDestinationResult | null>(null);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, result?.ok ? null : result);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => setResult(await updateDestination(destinationId, form)));
  }

  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length;
  return (
    <ScriptForm ref={formRef} onSubmit={onSubmit} className="space-y-6" noValidate>
      {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
      {errorCount > 0 ? <Alert tone="error">Please correct the {errorCount === 1 ? "field" : `${errorCount} fields`} marked below.</Alert> : null}
      <DestinationFields values={values} defaultRetrySchedule={defaultRetrySchedule} errors={errors} checkUrl={checkUrl} revealHeaders={revealHeaders ? () => revealHeaders(destinationId) : undefined} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        {result?.ok && !pending ? (
          <span role="status" className="text-sm text-emerald-700">
            Saved. The new settings apply from the next attempt.
          </span>
        ) : null}
      </div>
    </ScriptForm>
  );
}
