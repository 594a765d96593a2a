"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { ScriptButton } from "@/components/ui/script-button";

/** A secret shown once, highlighted, with copy, a note under it and an optional "I've saved it". */
export function OneTimeSecretBox({
  title,
  secret,
  note,
  onDismiss,
  spacing = "space-y-2",
  children,
}: {
  title: string;
  secret: string;
  note: ReactNode;
  onDismiss?: () => void;
  spacing?: "space-y-2" | "space-y-3";
  /** Shown below the note. */
  children?: ReactNode;
}) {
  return (
    <div className={`${spacing} rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300`} data-testid="one-time-secret">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-sm font-semibold text-amber-950">{title}</h3>
        {onDismiss ? (
          <ScriptButton onClick={onDismiss} className="rounded-md px-2 py-0.5 text-xs font-medium text-amber-900 hover:bg-amber-100">
            I&apos;ve saved it
          </ScriptButton>
        ) : null}
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-amber-200" data-testid="one-time-secret-value">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy secret" />
      </div>
      <p className="text-xs text-amber-900">{note}</p>
      {children}
    </div>
  );
}
