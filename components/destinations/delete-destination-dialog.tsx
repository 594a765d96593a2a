"use client";

import { ConfirmDeleteDialog } from "@/components/ui/confirm-delete-dialog";

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
  return (
    <ConfirmDeleteDialog
      name={destinationName}
      titleId="delete-destination-title"
      heading="Delete this destination"
      summary="Deletes the destination with its signing secrets and all its deliveries and their attempts, including any still waiting."
      openLabel="Delete destination…"
      warning="This permanently deletes the destination, its signing secrets and every delivery to it with its attempts; deliveries still waiting are never sent. Rules that route here stop delivering to it. This cannot be undone."
      confirmLabel="Delete destination"
      onDelete={(confirmedName) => deleteDestination(destinationId, confirmedName)}
    />
  );
}
