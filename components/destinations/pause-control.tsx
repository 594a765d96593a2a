"use client";

import { useState, useTransition } from "react";
import { DestinationStateBadge } from "@/components/destinations/state-badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { DestinationStateResult } from "@/lib/destinations/action-results";
import { describeDrainPace, drainPace } from "@/lib/destinations/resume-drain";

/** Pause (with an optional reason) or resume delivering: the operator's switch, separate from the circuit breaker. */
export function PauseControl({
  destinationId,
  state,
  pausedReason,
  circuitOpen,
  pause,
  resume,
}: {
  destinationId: string;
  state: "active" | "paused";
  pausedReason: string | null;
  /** The circuit breaker holds deliveries too: resuming probes rather than requeues. */
  circuitOpen: boolean;
  pause: (destinationId: string, reason: string) => Promise<DestinationStateResult>;
  resume: (destinationId: string) => Promise<DestinationStateResult>;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const paused = state === "paused";

  function run() {
    startTransition(async () => {
      const outcome = paused ? await resume(destinationId) : await pause(destinationId, reason);
      setError(outcome.ok ? null : outcome.message);
      setNotice(outcome.ok && paused ? (outcome.message ?? null) : null);
      if (outcome.ok) setReason("");
    });
  }

  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="space-y-1">
        <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
          Delivering <DestinationStateBadge state={state} pausedReason={pausedReason} />
        </p>
        <p className="max-w-2xl text-xs text-slate-600">
          {paused
            ? circuitOpen
              ? "Deliveries wait while it is paused, and its circuit is open: resuming probes the endpoint at once, and the waiting deliveries go out gradually once it answers."
              : `Deliveries wait while it is paused. Resuming sends the waiting ones gradually, oldest first, none before it is due: at its rate limit, or without one ${describeDrainPace(drainPace(null))}.`
            : "Pausing stops attempts (and the circuit breaker's probes) to this URL until someone resumes it; new deliveries keep queueing meanwhile."}
        </p>
        {paused ? null : (
          <div className="max-w-md pt-1">
            <label htmlFor="pauseReason" className="block text-xs font-medium text-slate-700">
              Reason (optional)
            </label>
            <input
              id="pauseReason"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={500}
              placeholder="e.g. receiver under maintenance"
              className="mt-1 block w-full rounded-md border-0 px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
            />
          </div>
        )}
        {error ? <p className="text-xs text-red-600">{error}</p> : null}
        {notice && !paused ? (
          <div className="pt-1" data-testid="resumed-notice">
            <Alert tone="success">{notice}</Alert>
          </div>
        ) : null}
      </div>
      <Button variant={paused ? "primary" : "secondary"} onClick={run} disabled={pending} className="shrink-0">
        {pending ? "Saving…" : paused ? "Resume destination" : "Pause destination"}
      </Button>
    </div>
  );
}
