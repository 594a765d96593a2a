"use client";
// "Replay N matching events": a confirmation that counts the events the filter selects now (fixed
// in time, so later arrivals are not included) and says that their deliveries are made again;
// confirming starts a bulk replay and opens the list with its progress (?operation=<id>).
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { MatchingEventsResult, ReplayMatchingResult } from "@/lib/events/action-results";
import { utcDateTime } from "@/components/ui/utc-date-time";

type Counted = Extract<MatchingEventsResult, { ok: true }>;

export function ReplayMatchingButton({
  filterQuery,
  approximateCount,
  countCapped,
  countAction,
  replayAction,
}: {
  /** The list's filter as its URL query. */
  filterQuery: string;
  /** The page's count (capped for speed); the dialog counts exactly. */
  approximateCount: number;
  countCapped: boolean;
  countAction: (query: string) => Promise<MatchingEventsResult>;
  replayAction: (pinnedQuery: string) => Promise<ReplayMatchingResult>;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [counted, setCounted] = useState<Counted | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [counting, startCounting] = useTransition();
  const [starting, startReplay] = useTransition();

  function open() {
    setCounted(null);
    setError(null);
    dialog.current?.showModal();
    startCounting(async () => {
      const result = await countAction(filterQuery);
      if (result.ok) setCounted(result);
      else setError(result.message);
    });
  }

  function confirm() {
    if (!counted) return;
    startReplay(async () => {
      const result = await replayAction(counted.filterQuery);
      if (!result.ok) {
        setError(result.message);
        return;
      }
      dialog.current?.close();
      router.push(
        `/events?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(filterQuery)), operation: result.operationId })}`,
      );
    });
  }

  const count = counted?.count ?? 0;
  const events = (n: number) => `${n.toLocaleString("en")} event${n === 1 ? "" : "s"}`;
  const until = counted ? new URLSearchParams(counted.filterQuery).get("to") : null;

  return (
    <>
      <Button variant="secondary" onClick={open} disabled={starting}>
        Replay {approximateCount.toLocaleString("en")}
        {countCapped ? "+" : ""} matching event{approximateCount === 1 && !countCapped ? "" : "s"}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="replay-matching-title"
        className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/50"
      >
        <div className="space-y-4 p-5">
          <h2 id="replay-matching-title" className="text-base font-semibold text-slate-900">
            {counting || !counted ? "Replay the matching events?" : `Replay ${events(count)}?`}
          </h2>
          {counting ? <p className="text-sm text-slate-600">Counting the events that match the filters…</p> : null}
          {counted && count === 0 ? (
            <p className="text-sm text-slate-700">No events match the filters any more; there is nothing to replay.</p>
          ) : null}
          {counted && count > 0 ? (
            <div className="space-y-2 text-sm text-slate-700">
              <p>
                The <strong>{events(count)}</strong> matching the current filters
                {until ? ` (received before ${utcDateTime(until)})` : ""} are routed
                again through their sources&apos; current rules, each as a new routing run.
              </p>
              <p className="font-medium text-amber-900">
                Deliveries will be made again: every destination the rules forward to receives these events once more.
              </p>
            </div>
          ) : null}
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button variant="danger" onClick={confirm} disabled={!counted || count === 0 || starting}>
              {starting ? "Starting…" : counted && count > 0 ? `Replay ${events(count)}` : "Replay"}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
