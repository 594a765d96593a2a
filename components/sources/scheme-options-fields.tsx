"use client";

import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { FieldErrors } from "@/lib/forms/form-result";
import type { SchemeDescriptor } from "@/lib/sources/describe-schemes";

/**
 * The selected scheme's options, generated from its options schema (via describeSchemes). Render it
 * with key={scheme.id} so switching schemes starts from that scheme's values.
 */
export function SchemeOptionsFields({
  scheme,
  values,
  errors,
}: {
  scheme: SchemeDescriptor;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  if (scheme.optionFields.length === 0) return null;
  return (
    <div className="space-y-3">
      <div className="grid gap-4 sm:grid-cols-2">
        {scheme.optionFields.map((field) => {
          const name = `opt.${field.key}`;
          const common = { label: field.label, name, hint: field.hint ?? undefined, error: errors[name] };
          const wide = field.key === "template";
          return (
            <div key={field.key} className={`${wide ? "sm:col-span-2" : ""} ${field.monospace ? "[&_input]:font-mono" : ""}`}>
              {field.kind === "select" ? (
                <SelectField {...common} options={field.choices} defaultValue={values[field.key] ?? field.choices[0]?.value} />
              ) : (
                <Field {...common} defaultValue={values[field.key] ?? ""} placeholder={field.placeholder ?? undefined} autoComplete="off" spellCheck={false} />
              )}
            </div>
          );
        })}
      </div>
      {errors.schemeOptions ? <p className="text-xs text-red-600">{errors.schemeOptions}</p> : null}
    </div>
  );
}
