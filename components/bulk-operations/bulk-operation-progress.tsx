"use client";
// A bulk retry's or replay's progress: processed of total as a bar, its status, Cancel while it
// runs, and the outcome once it ends. It follows the operation live (each batch's progress update
// is announced), so it works on any page: pass the operation as lib/bulk-operations reads it, and
// the cancel server action.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { CancelBulkOperationActionResult } from "@/lib/bulk-operations/action-results";
import type { BulkOperationView } from "@/lib/bulk-operations/schema";

const NOUN: Record<BulkOperationView["kind"], { title: string; verb: string; running: string }> = {
  retry: { title: "Bulk retry", verb: "retried", running: "Retrying" },
  replay: { title: "Bulk replay", verb: "replayed", running: "Replaying" },
};
const TONE: Record<BulkOperationView["status"], BadgeTone> = { running: "blue", completed: "green", cancelled: "gray", failed: "red" };

function count(value: number): string {
  return value.toLocaleString("en");
}

export function BulkOperationProgress({
  operation,
  cancelOperation,
  dismissHref,
}: {
  operation: BulkOperationView;
  cancelOperation: (operationId: string) => Promise<CancelBulkOperationActionResult>;
  /** Where "Dismiss" leads once it has ended (the page without the operation in its URL); none: no link. */
  dismissHref?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const noun = NOUN[operation.kind];
  const running = operation.status === "running";
  const stopping = running && operation.cancelRequested;
  const percent = operation.total > 0 ? Math.min(100, Math.round((operation.processed / operation.total) * 100)) : running ? 0 : 100;

  function cancel() {
    startTransition(async () => {
      try {
        const result = await cancelOperation(operation.id);
        setError(result.ok ? null : result.message);
      } catch {
        setError("Could not reach the server; try again.");
      }
      router.refresh();
    });
  }

  let summary: string;
  if (operation.status === "completed") summary = `Done: ${count(operation.processed)} ${noun.verb}`;
  else if (operation.status === "cancelled") summary = `Cancelled after ${count(operation.processed)} ${noun.verb}`;
  else if (operation.status === "failed") summary = `Failed after ${count(operation.processed)} ${noun.verb}`;
  else if (stopping) summary = `Stopping after the current batch… ${count(operation.processed)} of ${count(operation.total)} ${noun.verb}`;
  else summary = `${noun.running}… ${count(operation.processed)} of ${count(operation.total)}`;

  return (
    <section aria-label={noun.title} data-testid="bulk-operation" data-status={operation.status} className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200">
      {/* catchUp: a batch that ended between this render and the stream listening is not missed. */}
      {running ? <LiveRefresh watch={[{ kind: "bulk_operation", id: operation.id }]} catchUp /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
          {noun.title} <Badge tone={TONE[operation.status]}>{operation.status}</Badge>
        </p>
        {running && !stopping ? (
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={cancel} disabled={pending}>
            {pending ? "Cancelling…" : "Cancel"}
          </Button>
        ) : null}
        {!running && dismissHref ? (
          <Link href={dismissHref} className="text-xs font-medium text-slate-600 hover:text-slate-900 hover:underline">
            Dismiss
          </Link>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label={`${noun.title} progress`}
        aria-valuemin={0}
        aria-valuemax={operation.total}
        aria-valuenow={Math.min(operation.processed, operation.total)}
        className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-500 ${operation.status === "failed" ? "bg-red-500" : operation.status === "cancelled" ? "bg-slate-400" : "bg-indigo-600"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="mt-2 text-sm text-slate-700" data-testid="bulk-operation-summary">
        {summary}
      </p>
      {operation.status === "failed" && operation.error ? <p className="mt-1 text-xs text-red-700">{operation.error}</p> : null}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </section>
  );
}
