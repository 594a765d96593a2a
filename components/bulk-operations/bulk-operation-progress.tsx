"use client";
// A bulk retry's or replay's progress: processed of total as a bar, its status, Cancel while it
// runs, and the outcome once it ends. It follows the operation live (each batch's progress update
// is announced), so it works on any page: pass the operation as lib/bulk-operations reads it, and
// the cancel server action. A retry also shows how its retries ended (succeeded / failed / still
// retrying) and keeps following the deliveries until none is left retrying: the batches only put
// them back in line, their attempts come after.
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

  const outcome = operation.outcome;
  const followDeliveries = outcome !== null && (running || outcome.retrying > 0);
  const destination = typeof operation.filter.destination === "string" ? operation.filter.destination : undefined;

  let summary: string;
  if (operation.status === "completed" && outcome) summary = outcome.retrying > 0 ? `All ${count(outcome.retried)} requeued; waiting for their attempts` : `Done: ${count(outcome.retried)} ${noun.verb}`;
  else if (operation.status === "completed") summary = `Done: ${count(operation.processed)} ${noun.verb}`;
  else if (operation.status === "cancelled") summary = `Cancelled after ${count(operation.processed)} ${noun.verb}`;
  else if (operation.status === "failed") summary = `Failed after ${count(operation.processed)} ${noun.verb}`;
  else if (stopping) summary = `Stopping after the current batch… ${count(operation.processed)} of ${count(operation.total)} ${noun.verb}`;
  else summary = `${noun.running}… ${count(operation.processed)} of ${count(operation.total)}`;

  return (
    <section aria-label={noun.title} data-testid="bulk-operation" data-status={operation.status} className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200">
      {/* catchUp: a batch that ended between this render and the stream listening is not missed. */}
      {running || followDeliveries ? (
        <LiveRefresh
          watch={[{ kind: "bulk_operation", id: operation.id }, ...(followDeliveries ? [{ kind: "delivery" as const, ...(destination ? { destinationId: destination } : {}) }] : [])]}
          catchUp
        />
      ) : null}
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
      {outcome && outcome.retried > 0 ? <RetryOutcome outcome={outcome} /> : null}
      {operation.status === "failed" && operation.error ? <p className="mt-1 text-xs text-red-700">{operation.error}</p> : null}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** "9 succeeded · 2 failed · 1 still retrying", each count labelled for tests and screen readers. */
function RetryOutcome({ outcome }: { outcome: NonNullable<BulkOperationView["outcome"]> }) {
  const parts = [
    { key: "succeeded", value: outcome.succeeded, label: "succeeded", tone: "text-emerald-700" },
    { key: "failed", value: outcome.failed, label: "failed again", tone: "text-red-700" },
    { key: "retrying", value: outcome.retrying, label: "still retrying", tone: "text-amber-700" },
    ...(outcome.cancelled > 0 ? [{ key: "cancelled", value: outcome.cancelled, label: "cancelled", tone: "text-slate-600" }] : []),
  ];
  return (
    <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm" data-testid="bulk-retry-outcome" aria-live="polite">
      {parts.map((part) => (
        <span key={part.key} data-testid={`bulk-retry-${part.key}`} data-count={part.value} className={part.value > 0 ? `font-medium ${part.tone}` : "text-slate-500"}>
          {count(part.value)} {part.label}
        </span>
      ))}
    </p>
  );
}
