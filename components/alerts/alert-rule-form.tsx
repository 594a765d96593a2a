"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ScriptForm } from "@/components/ui/script-form";
import type { SaveAlertRuleResult } from "@/lib/alerts/action-results";

export interface RuleFormField {
  name: string;
  label: string;
  unit: string;
  min: number;
  max: number;
}

const inputClasses = "block w-28 rounded-md border-0 px-2 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-inset focus:ring-indigo-600";

/** One rule's switch, thresholds and repeat interval, saved together. */
export function AlertRuleForm({
  kind,
  enabled,
  params,
  repeatMinutes,
  fields,
  action,
}: {
  kind: string;
  enabled: boolean;
  params: Record<string, number>;
  repeatMinutes: number;
  fields: readonly RuleFormField[];
  action: (state: SaveAlertRuleResult, form: FormData) => Promise<SaveAlertRuleResult>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  // Submitted by hand so a refused value stays in its box for correcting.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  const input = (name: string, label: string, unit: string, value: number, min: number, max: number) => {
    const id = `${kind}-${name}`;
    const error = errors[name];
    return (
      <div key={name} className="space-y-1">
        <label htmlFor={id} className="block text-xs font-medium text-slate-700">
          {label}
        </label>
        <div className="flex items-center gap-2">
          <input id={id} name={name} type="number" inputMode="numeric" min={min} max={max} step={1} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className={`${inputClasses} ${error ? "ring-red-400" : "ring-slate-300"}`} />
          <span className="text-xs text-slate-500">{unit}</span>
        </div>
        {error ? (
          <p id={`${id}-error`} className="text-xs text-red-600">
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <ScriptForm onSubmit={submit} className="space-y-3" noValidate aria-label={`Settings of ${kind}`}>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" name="enabled" defaultChecked={enabled} className="rounded border-slate-300" />
        Alert on this
      </label>
      <div className="flex flex-wrap gap-4">
        {fields.map((field) => input(`param.${field.name}`, field.label, field.unit, params[field.name] ?? field.min, field.min, field.max))}
        {input("repeatMinutes", "While it holds, repeat every", "minutes", repeatMinutes, 1, 10_080)}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        {state?.ok ? <span role="status" className="text-xs text-emerald-700">{state.message}</span> : null}
      </div>
      {state && !state.ok && state.message ? <Alert tone="error">{state.message}</Alert> : null}
    </ScriptForm>
  );
}
