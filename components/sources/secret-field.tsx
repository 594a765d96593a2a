"use client";

import { useEffect, useState } from "react";

export type CheckSecret = (schemeId: string, secret: string) => Promise<{ warning: string | null }>;

/**
 * A pasted secret with the scheme's hint. While the operator types, the scheme's own check runs on
 * the server (its code needs node:crypto) and a warning shows live. When the server refused the
 * secret for such a warning, a checkbox lets the operator keep it anyway.
 */
export function SecretField({
  schemeId,
  label,
  hint,
  error,
  canOverride,
  checkSecret,
  placeholder = "Leave empty to generate one",
}: {
  schemeId: string;
  label: string;
  hint: string;
  error?: string;
  /** The server's error is a scheme warning the operator may override. */
  canOverride?: boolean;
  checkSecret: CheckSecret;
  placeholder?: string;
}) {
  const [value, setValue] = useState("");
  const [warning, setWarning] = useState<{ for: string; text: string | null } | null>(null);

  useEffect(() => {
    const trimmed = value.trim();
    if (trimmed === "") return;
    let current = true;
    const timer = setTimeout(() => {
      checkSecret(schemeId, trimmed)
        .then(({ warning: text }) => {
          if (current) setWarning({ for: `${schemeId}:${trimmed}`, text });
        })
        .catch(() => undefined);
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value, schemeId, checkSecret]);

  const trimmed = value.trim();
  const liveWarning = trimmed !== "" && warning?.for === `${schemeId}:${trimmed}` ? warning.text : null;
  const padded = value !== "" && trimmed !== value;
  const describedBy = ["secret-hint", error ? "secret-error" : null, liveWarning ? "secret-warning" : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor="secret" className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id="secret"
        name="secret"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`block w-full rounded-md border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:font-sans placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${error ? "ring-red-400" : liveWarning ? "ring-amber-400" : "ring-slate-300"}`}
      />
      <p id="secret-hint" className="text-xs text-slate-500">
        {hint}
      </p>
      {padded ? <p className="text-xs text-slate-500">Spaces and line breaks around the secret are removed when it is saved.</p> : null}
      {error ? (
        <p id="secret-error" className="text-xs text-red-600">
          {error}
        </p>
      ) : liveWarning ? (
        <p id="secret-warning" role="status" className="text-xs text-amber-800">
          ⚠ {liveWarning}
        </p>
      ) : null}
      {error && canOverride ? (
        <label className="flex items-center gap-2 text-xs text-slate-700">
          <input type="checkbox" name="acceptSecretWarning" value="yes" className="h-4 w-4 accent-indigo-600" />
          Use this secret anyway
        </label>
      ) : null}
    </div>
  );
}
