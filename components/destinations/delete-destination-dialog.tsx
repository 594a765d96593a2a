"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Deleting needs the destination's name typed in a dialog that says what goes with it. */
export function DeleteDestinationDialog({
  destinationId,
  destinationName,
  deleteDestination,
}: {
  destinationId: string;
  destinationName: string;
  deleteDestination: (destinationId: string, confirmedName: string) => Promise<{ ok: false; message: string }>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (typed !== destinationName) return;
    startTransition(async () => {
      // On success the action redirects to the list; it only returns on failure.
      const outcome = await deleteDestination(destinationId, typed);
      setError(outcome.message);
    });
  }

  return (
    <>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <p className="text-sm font-medium text-slate-900">Delete this destination</p>
          <p className="text-xs text-slate-600">Deletes the destination with its signing secrets and all its deliveries and their attempts, including any still waiting.</p>
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
          Delete destination…
        </Button>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby="delete-destination-title"
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/50"
      >
        <form onSubmit={onSubmit} className="space-y-4 p-5">
          <h2 id="delete-destination-title" className="text-base font-semibold text-slate-900">
            Delete “{destinationName}”?
          </h2>
          <p className="text-sm text-slate-700">
            This permanently deletes the destination, its signing secrets and every delivery to it with its attempts; deliveries still waiting are never sent. Rules that route here stop delivering to it. This cannot be undone.
          </p>
          <div className="space-y-1">
            <label htmlFor="confirmName" className="block text-sm font-medium text-slate-700">
              Type <span className="font-mono font-semibold text-slate-900">{destinationName}</span> to confirm
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
            <Button type="submit" variant="danger" disabled={typed !== destinationName || pending}>
              {pending ? "Deleting…" : "Delete destination"}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
