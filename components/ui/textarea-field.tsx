import type { TextareaHTMLAttributes } from "react";
import { FieldFrame, fieldControlProps } from "@/components/ui/field-frame";

/** A labelled textarea with its help text and validation message, styled like Field. */
export function TextareaField({
  label,
  name,
  error,
  hint,
  className = "",
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: string }) {
  return (
    <FieldFrame label={label} name={name} error={error} hint={hint}>
      <textarea
        {...fieldControlProps(name, error, hint)}
        {...textarea}
        className={`block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${error ? "ring-red-400" : "ring-slate-300"} ${className}`}
      />
    </FieldFrame>
  );
}
