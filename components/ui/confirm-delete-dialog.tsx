"use client";

import { useRef, useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ScriptForm } from "@/components/ui/script-form";

/**
 * A "Delete this …" row whose button opens a dialog that says what goes with it and
 * only deletes once the name has been typed. `onDelete` redirects on success, so it only returns on failure.
 */
export function ConfirmDeleteDialog({
  name,
  titleId,
  heading,
  summary,
  openLabel,
  warning,
  confirmLabel,
  onDelete,
}: {
  /** What must be typed to confirm, shown in the title too. */
  name: string;
  titleId: string;
  heading: string;
  summary: ReactNode;
  openLabel: string;
  warning: ReactNode;
  confirmLabel: string;
  onDelete: (confirmedName: string) => Promise<{ ok: false; message: string }>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (typed !== name) return;
    startTransition(async () => {
      const outcome = await onDelete(typed);
      setError(outcome.message);
    });
  }

  return (
    <>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <p className="text-sm font-medium text-slate-900">{heading}</p>
          <p className="text-xs text-slate-600">{summary}</p>
        </div>
        <Button
          variant="danger"
          className="shrink-0"
          onClick={() => {
            setTyped("");
            setError(null);
            dialog.current?.showModal();
          }}
        >
          {openLabel}
        </Button>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/50"
      >
        <ScriptForm onSubmit={onSubmit} className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            Delete “{name}”?
          </h2>
          <p className="text-sm text-slate-700">{warning}</p>
          <div className="space-y-1">
            <label htmlFor="confirmName" className="block text-sm font-medium text-slate-700">
              Type <span className="font-mono font-semibold text-slate-900">{name}</span> to confirm
            </label>
            <input
              id="confirmName"
              name="confirmName"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-red-600"
            />
          </div>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={typed !== name || pending}>
              {pending ? "Deleting…" : confirmLabel}
            </Button>
          </div>
        </ScriptForm>
      </dialog>
    </>
  );
}
