"use client";
// "Retry all N failed matching": asks first, then starts the bulk retry and puts its id in the URL
// (?operation=…), so its progress shows on the page and survives a reload.
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { StartBulkRetryResult } from "@/lib/deliveries/action-results";

export function BulkRetryButton({
  failedCount,
  filter,
  startBulkRetry,
}: {
  failedCount: number;
  filter: Record<string, string>;
  startBulkRetry: (filter: Record<string, string>) => Promise<StartBulkRetryResult>;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const count = failedCount.toLocaleString("en");
  const noun = failedCount === 1 ? "delivery" : "deliveries";

  function start() {
    startTransition(async () => {
      try {
        const result = await startBulkRetry(filter);
        if (!result.ok) {
          setError(result.message);
          return;
        }
        dialog.current?.close();
        router.push(`/deliveries?${new URLSearchParams({ ...filter, operation: result.operationId })}`);
      } catch {
        setError("Could not reach the server; try again.");
      }
    });
  }

  return (
    <>
      <Button
        variant="secondary"
        title="Retry every failed delivery matching these filters"
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
      >
        Retry all {count} failed
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="bulk-retry-title"
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/50"
      >
        <div className="space-y-4 p-5">
          <h2 id="bulk-retry-title" className="text-base font-semibold text-slate-900">
            Retry {count} failed {noun}?
          </h2>
          <p className="text-sm text-slate-700">
            Every failed delivery matching these filters gets a new attempt now, on its destination&apos;s limits; deliveries to a paused
            destination wait until it is resumed. You can cancel while it runs; what was retried by then stays retried.
          </p>
          {error ? (
            <p role="alert" className="text-sm text-red-600">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              Keep as they are
            </Button>
            <Button onClick={start} disabled={pending}>
              {pending ? "Starting…" : `Retry ${count} ${noun}`}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
