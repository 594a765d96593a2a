"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Deleting needs the source's name typed in a dialog that says what goes with it. */
export function DeleteSourceDialog({
  sourceId,
  sourceName,
  eventCount,
  deleteSource,
}: {
  sourceId: string;
  sourceName: string;
  eventCount: number;
  deleteSource: (sourceId: string, confirmedName: string) => Promise<{ ok: false; message: string }>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const events = eventCount === 0 ? "no stored events" : `${eventCount.toLocaleString("en")} stored event${eventCount === 1 ? "" : "s"}`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (typed !== sourceName) return;
    startTransition(async () => {
      // On success the action redirects to the list; it only returns on failure.
      const outcome = await deleteSource(sourceId, typed);
      setError(outcome.message);
    });
  }

  return (
    <>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <p className="text-sm font-medium text-slate-900">Delete this source</p>
          <p className="text-xs text-slate-600">
            Deletes the source with its secrets, its log of refused requests and {eventCount === 0 ? "any events (none are stored yet)" : `its ${events}`}. Its URL stops working (404).
          </p>
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
          Delete source…
        </Button>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby="delete-source-title"
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/50"
      >
        <form onSubmit={onSubmit} className="space-y-4 p-5">
          <h2 id="delete-source-title" className="text-base font-semibold text-slate-900">
            Delete “{sourceName}”?
          </h2>
          <p className="text-sm text-slate-700">
            {eventCount === 0 ? (
              <>This permanently deletes the source, its secrets and its log of refused requests; it has no stored events.</>
            ) : (
              <>
                This permanently deletes the source and, with it, <strong>{events}</strong> (and their routing history), its secrets and its log of refused requests.
              </>
            )}{" "}
            Senders posting to its URL will get 404. This cannot be undone.
          </p>
          <div className="space-y-1">
            <label htmlFor="confirmName" className="block text-sm font-medium text-slate-700">
              Type <span className="font-mono font-semibold text-slate-900">{sourceName}</span> to confirm
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
            <Button type="submit" variant="danger" disabled={typed !== sourceName || pending}>
              {pending ? "Deleting…" : eventCount === 0 ? "Delete source" : `Delete source and ${events}`}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
