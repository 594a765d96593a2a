"use client";

import type { SchemeDescriptor } from "@/lib/sources/describe-schemes";

/** Radio cards: each scheme's label and one line on what it checks; "none" is set apart in amber. */
export function SchemePicker({
  schemes,
  value,
  onChange,
  error,
}: {
  schemes: SchemeDescriptor[];
  value: string;
  onChange: (id: string) => void;
  error?: string;
}) {
  return (
    <fieldset aria-describedby={error ? "scheme-error" : undefined}>
      <legend className="text-sm font-medium text-slate-700">How should requests be verified?</legend>
      <p className="mt-1 text-xs text-slate-500">Pick the sender, or a generic method if it is not listed. Requests that fail the check are refused and logged, not stored.</p>
      <div className="mt-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {schemes.map((scheme) => {
          const checked = scheme.id === value;
          const tone = scheme.verifies
            ? checked
              ? "bg-indigo-50 ring-2 ring-indigo-600"
              : "bg-white ring-1 ring-slate-300 hover:ring-slate-400"
            : checked
              ? "bg-amber-50 ring-2 ring-amber-500"
              : "bg-white ring-1 ring-dashed ring-slate-300 hover:ring-slate-400";
          return (
            <label key={scheme.id} className={`relative flex cursor-pointer gap-3 rounded-lg p-3 ${tone}`}>
              <input
                type="radio"
                name="scheme"
                value={scheme.id}
                checked={checked}
                onChange={() => onChange(scheme.id)}
                aria-labelledby={`scheme-${scheme.id}-label`}
                aria-describedby={`scheme-${scheme.id}-description`}
                className="mt-0.5 h-4 w-4 shrink-0 accent-indigo-600"
              />
              <span className="min-w-0">
                <span id={`scheme-${scheme.id}-label`} className={`block text-sm font-medium ${scheme.verifies ? "text-slate-900" : "text-amber-900"}`}>
                  {scheme.verifies ? scheme.label : "None: don't verify"}
                </span>
                <span id={`scheme-${scheme.id}-description`} className="mt-0.5 block text-xs text-slate-600">
                  {scheme.description}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p id="scheme-error" className="mt-2 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
