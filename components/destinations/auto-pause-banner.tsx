"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import { drainRatePerSecond, drainSeconds, formatApproxDuration } from "@/lib/destinations/resume-drain";
import type { DestinationStateResult } from "@/app/(dashboard)/destinations/actions";

/**
 * At the top of a destination paused automatically (too many failed attempts in a row): what
 * happened, and a Resume that says how the waiting deliveries will be sent. Stays mounted after
 * resuming, to say how it went.
 */
export function AutoPauseBanner({
  destinationId,
  autoPaused,
  reason,
  pausedAt,
  now,
  waiting,
  rateLimitPerSecond,
  autoPauseAfter,
  resume,
}: {
  destinationId: string;
  autoPaused: boolean;
  reason: string | null;
  pausedAt: string | null;
  /** ISO time of the page render, so relative times match the server's. */
  now: string;
  waiting: number;
  rateLimitPerSecond: number | null;
  autoPauseAfter: number | null;
  resume: (destinationId: string) => Promise<DestinationStateResult>;
}) {
  const [result, setResult] = useState<DestinationStateResult | null>(null);
  const [pending, startTransition] = useTransition();

  if (!autoPaused) {
    return result?.ok && result.message ? (
      <div className="mb-6" data-testid="resumed-notice">
        <Alert tone="success">{result.message}</Alert>
      </div>
    ) : null;
  }

  const rate = drainRatePerSecond(rateLimitPerSecond);
  const waitingText = `${waiting.toLocaleString("en")} waiting deliver${waiting === 1 ? "y" : "ies"}`;
  return (
    <section role="alert" aria-labelledby="auto-pause-title" className="mb-6 rounded-lg bg-red-50 p-4 ring-1 ring-inset ring-red-300" data-testid="auto-pause-banner">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-3xl space-y-2">
          <h2 id="auto-pause-title" className="text-base font-semibold text-red-800">
            Delivery stopped: this destination paused itself
            {pausedAt ? (
              <span className="ml-2 text-sm font-normal text-red-700">
                <TimeAgo date={new Date(pausedAt)} now={new Date(now)} />
              </span>
            ) : null}
          </h2>
          <p className="text-sm font-medium text-red-800">{reason ?? "Paused automatically after too many failed attempts in a row"}.</p>
          <p className="text-sm text-red-800">
            Nothing is sent to its URL until it is resumed; {waitingText} {waiting === 1 ? "is" : "are"} held. Look at the last error below, fix the receiver, then
            resume.
          </p>
          <p className="text-xs text-red-700" data-testid="drain-explanation">
            Resuming does not send them all at once: they go out oldest first, {rate.toLocaleString("en")} per second (
            {rateLimitPerSecond === null ? "the pace for destinations without a rate limit" : "its rate limit"})
            {waiting > 1 ? `, so the ${waitingText} take about ${formatApproxDuration(drainSeconds(waiting, rate))}` : ""}.
            {autoPauseAfter !== null ? ` If the receiver keeps failing, it pauses again after ${autoPauseAfter.toLocaleString("en")} failed attempts in a row.` : ""}
          </p>
          {result && !result.ok ? <p className="text-sm font-medium text-red-800">{result.message}</p> : null}
        </div>
        <Button
          className="shrink-0"
          disabled={pending}
          onClick={() => startTransition(async () => setResult(await resume(destinationId)))}
        >
          {pending ? "Resuming…" : "Resume destination"}
        </Button>
      </div>
    </section>
  );
}
