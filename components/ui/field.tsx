import type { InputHTMLAttributes } from "react";
import { FieldFrame, fieldControlProps } from "@/components/ui/field-frame";

/** A labelled input with its help text and validation message, wired for screen readers. */
export function Field({
  label,
  name,
  error,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: string }) {
  return (
    <FieldFrame label={label} name={name} error={error} hint={hint}>
      <input
        {...fieldControlProps(name, error, hint)}
        {...input}
        className={`block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${error ? "ring-red-400" : "ring-slate-300"}`}
      />
    </FieldFrame>
  );
}
