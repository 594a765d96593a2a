"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { CreateSourceState } from "@/app/(dashboard)/sources/actions";

export function CreateSourceForm({ action }: { action: (state: CreateSourceState, form: FormData) => Promise<CreateSourceState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
      <div className="flex-1">
        <Field
          label="Name"
          name="name"
          placeholder="e.g. Zendesk production"
          defaultValue={state.name}
          error={state.error}
          hint="Who sends to this URL. You can rename it later."
          required
          maxLength={100}
        />
      </div>
      <Button type="submit" className="sm:mt-6" disabled={pending}>
        {pending ? "Creating…" : "Create source"}
      </Button>
    </form>
  );
}
