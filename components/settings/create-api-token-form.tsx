"use client";

import { useActionState } from "react";
import { NewApiToken } from "@/components/settings/new-api-token";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { ROLE_LABELS, ROLES } from "@/lib/access/roles";
import type { CreateApiTokenState } from "@/lib/api-tokens/action-results";

export function CreateApiTokenForm({ action }: { action: (state: CreateApiTokenState, form: FormData) => Promise<CreateApiTokenState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <div className="space-y-4">
      <form action={formAction} className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
        <div className="flex-1">
          <Field
            label="Token name"
            name="name"
            placeholder="e.g. CI deploys"
            defaultValue={state.name}
            error={state.error}
            hint="What will use it, so you know which one to revoke later."
            required
            maxLength={100}
          />
        </div>
        <SelectField
          label="Role"
          name="role"
          defaultValue="admin"
          options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          hint="What it may do; never more than you."
        />
        <SelectField
          label="Kind"
          name="kind"
          defaultValue="api"
          options={[
            { value: "api", label: "API (and /metrics)" },
            { value: "scrape", label: "Scrape: GET /metrics only" },
          ]}
          hint="A Prometheus scraper needs only Scrape."
        />
        <Button type="submit" className="sm:mt-6" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {state.created ? <NewApiToken name={state.created.name} token={state.created.token} /> : null}
    </div>
  );
}
