"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { AdvancedSettingsFields, type AdvancedValues } from "@/components/sources/advanced-settings-fields";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { SchemeOptionsFields } from "@/components/sources/scheme-options-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ScriptForm } from "@/components/ui/script-form";
import { SelectField } from "@/components/ui/select-field";
import type { UpdateSourceResult } from "@/lib/sources/action-results";
import type { SchemeDescriptor } from "@/lib/sources/describe-schemes";

export interface SourceSettingsValues extends AdvancedValues {
  name: string;
  scheme: string;
  /** The source's options as form values, over the scheme's defaults. */
  schemeOptions: Record<string, string>;
  hasActiveSecret: boolean;
}

/** Name, scheme and its options, replay window, duplicates, size limit and allowlist. */
export function SourceSettingsForm({
  sourceId,
  schemes,
  values,
  updateSource,
}: {
  sourceId: string;
  schemes: SchemeDescriptor[];
  values: SourceSettingsValues;
  updateSource: (sourceId: string, form: FormData) => Promise<UpdateSourceResult>;
}) {
  const [schemeId, setSchemeId] = useState(values.scheme);
  const [result, setResult] = useState<UpdateSourceResult | null>(null);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, result?.ok ? null : result);
  const scheme = schemes.find((candidate) => candidate.id === schemeId) ?? schemes[schemes.length - 1];
  if (!scheme) return null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      setResult(await updateSource(sourceId, form));
    });
  }

  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length;
  const changed = scheme.id !== values.scheme;
  return (
    <ScriptForm ref={formRef} onSubmit={onSubmit} onChange={() => {
        if (result?.ok) setResult(null);
      }} className="space-y-6" noValidate>
      {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
      {errorCount > 0 ? <Alert tone="error">Nothing was saved: please correct the {errorCount === 1 ? "field" : `${errorCount} fields`} marked below.</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" defaultValue={values.name} error={errors.name} required maxLength={100} autoComplete="off" />
        <SelectField
          label="Verification"
          name="scheme"
          value={scheme.id}
          onChange={(event) => setSchemeId(event.target.value)}
          options={schemes.map((option) => ({ value: option.id, label: option.verifies ? option.label : "None: don't verify (unverified)" }))}
          hint={scheme.description}
          error={errors.scheme}
        />
      </div>
      {changed && scheme.verifies ? (
        <Alert tone="warning">
          The current secrets are kept. {values.hasActiveSecret ? "If the new sender uses a different secret, rotate it under Secrets after saving." : "Add the sender's secret under Secrets after saving; until then every request is refused."}
        </Alert>
      ) : null}
      {changed && !scheme.verifies ? <Alert tone="warning">After saving, requests are no longer verified: anyone who knows the URL can post to it.</Alert> : null}
      {scheme.optionFields.length > 0 ? (
        <div>
          <h3 className="mb-3 text-sm font-semibold text-slate-900">{scheme.label} settings</h3>
          <SchemeOptionsFields key={scheme.id} scheme={scheme} values={scheme.id === values.scheme ? values.schemeOptions : scheme.defaults} errors={errors} />
        </div>
      ) : null}
      <div className="border-t border-slate-200 pt-4">
        <AdvancedSettingsFields scheme={scheme} values={values} errors={errors} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        {result?.ok ? (
          <span role="status" className="text-sm text-emerald-700">
            Saved.
          </span>
        ) : null}
      </div>
    </ScriptForm>
  );
}
