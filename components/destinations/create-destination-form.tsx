"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { DestinationFields, type CheckDestinationUrl, type DestinationFormValues } from "@/components/destinations/destination-fields";
import { putDestinationSecretFlash } from "@/components/destinations/secret-flash";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { Card } from "@/components/ui/card";
import { ScriptForm } from "@/components/ui/script-form";
import type { CreateDestinationResult } from "@/lib/destinations/action-results";
import type { FormFailure } from "@/lib/forms/form-result";

export function CreateDestinationForm({
  defaults,
  defaultRetrySchedule,
  createDestination,
  checkUrl,
}: {
  defaults: DestinationFormValues;
  defaultRetrySchedule: string;
  createDestination: (form: FormData) => Promise<CreateDestinationResult>;
  checkUrl: CheckDestinationUrl;
}) {
  const router = useRouter();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, failure);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const outcome = await createDestination(form);
      if (outcome.ok) {
        putDestinationSecretFlash(outcome.destinationId, outcome.secret);
        router.push(`/destinations/${outcome.destinationId}`);
        return;
      }
      setFailure(outcome);
    });
  }

  const errors = failure?.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length;
  return (
    <ScriptForm ref={formRef} onSubmit={onSubmit} className="space-y-6" noValidate>
      {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
      {errorCount > 0 ? <Alert tone="error">Please correct the {errorCount === 1 ? "field" : `${errorCount} fields`} marked below.</Alert> : null}
      <Card title="Destination">
        <DestinationFields values={defaults} defaultRetrySchedule={defaultRetrySchedule} errors={errors} checkUrl={checkUrl} />
      </Card>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create destination"}
        </Button>
        <Link href="/destinations" className={buttonClasses("ghost")}>
          Cancel
        </Link>
      </div>
    </ScriptForm>
  );
}
