import type { ReactNode } from "react";

/** The props that tie a control to its FieldFrame's label, hint and error, for screen readers. */
export function fieldControlProps(name: string, error?: string, hint?: string) {
  const describedBy = [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
  return { id: name, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
}

/** A control's label above it and its help text (or validation message) below. */
export function FieldFrame({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${name}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
