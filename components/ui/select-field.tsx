import type { SelectHTMLAttributes } from "react";
import { FieldFrame, fieldControlProps } from "@/components/ui/field-frame";

/** A labelled select with its help text and validation message, styled like Field. */
export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  return (
    <FieldFrame label={label} name={name} error={error} hint={hint}>
      <select
        {...fieldControlProps(name, error, hint)}
        {...select}
        className={`block w-full rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${error ? "ring-red-400" : "ring-slate-300"}`}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
