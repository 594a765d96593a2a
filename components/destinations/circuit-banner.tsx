"use client";

import { useState, useTransition } from "react";
import { ProbeCountdown } from "@/components/destinations/probe-countdown";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import type { DestinationStateResult } from "@/lib/destinations/action-results";
import { PROBE_INTERVALS_SECONDS, formatSeconds } from "@/lib/destinations/circuit-policy";
import { describeDrainPace, drainPace, drainSeconds, formatApproxDuration } from "@/lib/destinations/resume-drain";
import type { CircuitEventView, CircuitView } from "@/lib/destinations/schema";

/** Circuits closed this recently get a notice at the top of the page. */
const RECENTLY_CLOSED_MS = 15 * 60_000;

const PROBE_SCHEDULE = `${PROBE_INTERVALS_SECONDS.slice(0, -1)
  .map((seconds) => formatSeconds(seconds))
  .join(", ")}, then every ${PROBE_INTERVALS_SECONDS.at(-1) === 60 ? "minute" : formatSeconds(PROBE_INTERVALS_SECONDS.at(-1) ?? 60)}`;

/**
 * At the top of a destination whose circuit is open: in plain words what is happening and why, when
 * the next probe is, what waits, and a "Probe now" button. Once the circuit has closed by itself,
 * a green notice says so for a while (the page follows the destination live, so this happens
 * without a click).
 */
export function CircuitBanner({
  destinationId,
  circuit,
  paused,
  history,
  waiting,
  rateLimitPerSecond,
  now,
  probe,
}: {
  destinationId: string;
  circuit: CircuitView;
  /** Paused by an operator (or a 410): no probes until it is resumed. */
  paused: boolean;
  /** Newest first (lib/destinations/get-destination-circuit.ts). */
  history: CircuitEventView[];
  waiting: number;
  rateLimitPerSecond: number | null;
  /** ISO time of the page render, so relative times match the server's. */
  now: string;
  probe: (destinationId: string) => Promise<DestinationStateResult>;
}) {
  // A Probe now answer stands until that probe's outcome shows (another failed probe, or closing).
  const [result, setResult] = useState<{ probesFailed: number; outcome: DestinationStateResult } | null>(null);
  const [pending, startTransition] = useTransition();
  const renderedAt = new Date(now);

  if (circuit.state === "closed") {
    const [latest] = history;
    if (!latest || latest.to !== "closed" || renderedAt.getTime() - Date.parse(latest.at) > RECENTLY_CLOSED_MS) return null;
    return (
      <div className="mb-6" data-testid="circuit-closed-notice">
        <Alert tone="success">
          <strong>
            Circuit closed <TimeAgo date={new Date(latest.at)} now={renderedAt} />:
          </strong>{" "}
          {latest.reason}. Delivering again; what waited is sent gradually, oldest first.
        </Alert>
      </div>
    );
  }

  // The change that opened it, and the last failed probe since.
  const opening = history.find((event) => event.from === "closed" && event.to === "open");
  const lastProbe = history[0] && history[0] !== opening && history[0].from === "open" && history[0].to === "open" ? history[0] : null;
  const pace = drainPace(rateLimitPerSecond);
  const waitingText = `${waiting.toLocaleString("en")} waiting deliver${waiting === 1 ? "y" : "ies"}`;
  const shown = result && result.probesFailed === circuit.probesFailed ? result.outcome : null;

  return (
    <section role="alert" aria-labelledby="circuit-title" className="mb-6 rounded-lg bg-red-50 p-4 ring-1 ring-inset ring-red-300" data-testid="circuit-banner">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-3xl space-y-2">
          <h2 id="circuit-title" className="text-base font-semibold text-red-800">
            Circuit open: deliveries are held
            {circuit.openedAt ? (
              <span className="ml-2 text-sm font-normal text-red-700">
                opened <TimeAgo date={new Date(circuit.openedAt)} now={renderedAt} />
              </span>
            ) : null}
          </h2>
          {opening ? (
            <p className="text-sm font-medium text-red-800" data-testid="circuit-reason">
              Why: {opening.reason}.
            </p>
          ) : null}
          <p className="text-sm text-red-800">
            Deliveries are held while the endpoint keeps failing; Switchyard tries one delivery at a time ({PROBE_SCHEDULE}) and resumes by itself when
            it succeeds.{paused ? "" : " Nothing to click: fix the receiver, and use Probe now if you don’t want to wait."}
          </p>
          <p className="text-sm text-red-800">
            {paused ? (
              <strong>It is also paused, so it is not probed: resume it to probe at once.</strong>
            ) : circuit.nextProbeAt ? (
              <>
                <strong>
                  Next probe <ProbeCountdown key={circuit.nextProbeAt} at={circuit.nextProbeAt} now={now} />
                </strong>
                {circuit.probesFailed > 0 ? ` · ${circuit.probesFailed.toLocaleString("en")} probe${circuit.probesFailed === 1 ? "" : "s"} failed` : ""}
                {lastProbe ? (
                  <span className="text-red-700">
                    {" "}
                    (the last one <TimeAgo date={new Date(lastProbe.at)} now={renderedAt} />: {lastProbe.reason.replace(/^probe failed: /, "").replace(/; next probe in .*$/, "")})
                  </span>
                ) : null}
              </>
            ) : null}
          </p>
          <p className="text-xs text-red-700" data-testid="drain-explanation">
            {waitingText} {waiting === 1 ? "is" : "are"} held, none of them charged an attempt. When the circuit closes they go out oldest first,{" "}
            {describeDrainPace(pace)}
            {waiting > 1 ? `, about ${formatApproxDuration(drainSeconds(waiting, pace))} for all of them` : ""}.
          </p>
          {shown ? (
            <p className="text-sm font-medium text-red-900" data-testid="probe-result">
              {shown.message}
            </p>
          ) : null}
        </div>
        {paused ? null : (
          <Button
            className="shrink-0"
            disabled={pending}
            onClick={() => {
              const probesFailed = circuit.probesFailed;
              startTransition(async () => setResult({ probesFailed, outcome: await probe(destinationId) }));
            }}
          >
            {pending ? "Requesting…" : "Probe now"}
          </Button>
        )}
      </div>
    </section>
  );
}
