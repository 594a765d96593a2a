"use client";

import { ConfirmDeleteDialog } from "@/components/ui/confirm-delete-dialog";

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
  const events = eventCount === 0 ? "no stored events" : `${eventCount.toLocaleString("en")} stored event${eventCount === 1 ? "" : "s"}`;
  return (
    <ConfirmDeleteDialog
      name={sourceName}
      titleId="delete-source-title"
      heading="Delete this source"
      summary={
        <>
          Deletes the source with its secrets, its log of refused requests and {eventCount === 0 ? "any events (none are stored yet)" : `its ${events}`}. Its URL stops working (404).
        </>
      }
      openLabel="Delete source…"
      warning={
        <>
          {eventCount === 0 ? (
            <>This permanently deletes the source, its secrets and its log of refused requests; it has no stored events.</>
          ) : (
            <>
              This permanently deletes the source and, with it, <strong>{events}</strong> (and their routing history), its secrets and its log of refused requests.
            </>
          )}{" "}
          Senders posting to its URL will get 404. This cannot be undone.
        </>
      }
      confirmLabel={eventCount === 0 ? "Delete source" : `Delete source and ${events}`}
      onDelete={(confirmedName) => deleteSource(sourceId, confirmedName)}
    />
  );
}
