import { ProbeCountdown } from "@/components/destinations/probe-countdown";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatSeconds } from "@/lib/destinations/circuit-policy";
import type { DestinationCircuitView } from "@/lib/destinations/schema";

function formatTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

/** The destination page's circuit breaker: its state, the rules it follows, and its history. */
export function CircuitCard({ circuit, paused, now }: { circuit: DestinationCircuitView; paused: boolean; now: string }) {
  const renderedAt = new Date(now);
  const { policy } = circuit;
  const intervals = policy.probeIntervalsSeconds.map((seconds) => formatSeconds(seconds));
  return (
    <div className="space-y-4" data-testid="circuit-card">
      <dl className="grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">State</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-2" data-testid="circuit-state">
            {circuit.state === "open" ? <Badge tone="red">open</Badge> : <Badge tone="green">closed</Badge>}
            <span className="text-xs text-slate-600">
              {circuit.state === "open" ? "deliveries are held" : "deliveries flow"}
              {circuit.state === "open" && circuit.openedAt ? (
                <>
                  {" "}
                  (opened <TimeAgo date={new Date(circuit.openedAt)} now={renderedAt} />)
                </>
              ) : null}
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Next probe</dt>
          <dd className="mt-1 text-slate-900">
            {circuit.state !== "open" ? (
              <span className="text-slate-500">None (closed)</span>
            ) : paused ? (
              <span className="text-amber-800">None while paused</span>
            ) : circuit.nextProbeAt ? (
              <ProbeCountdown key={circuit.nextProbeAt} at={circuit.nextProbeAt} now={now} />
            ) : (
              "–"
            )}
            {circuit.state === "open" && circuit.probesFailed > 0 ? (
              <span className="ml-2 text-xs text-slate-600">
                {circuit.probesFailed.toLocaleString("en")} failed so far
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Failing</dt>
          <dd className="mt-1 text-slate-900" data-testid="circuit-failing">
            {circuit.failingSince ? (
              <>
                for {formatSeconds((renderedAt.getTime() - Date.parse(circuit.failingSince)) / 1000)}, {circuit.consecutiveFailures.toLocaleString("en")}{" "}
                attempt{circuit.consecutiveFailures === 1 ? "" : "s"} in a row
              </>
            ) : (
              <span className="text-slate-500">No (the last attempt succeeded)</span>
            )}
          </dd>
        </div>
      </dl>
      <p className="max-w-3xl text-xs text-slate-600">
        The circuit opens when the endpoint has failed, without a single success, for {formatSeconds(policy.openAfterSeconds)} and at least{" "}
        {policy.minFailures.toLocaleString("en")} attempts in a row; a short burst of errors never opens it. While open, deliveries wait (no attempt is
        charged) and one delivery probes the endpoint after {intervals.slice(0, -1).join(", ")}, then every {intervals.at(-1)}. The first success closes
        it, and what waited is sent gradually. A pause is separate: it lasts until someone resumes it.
      </p>
      <div>
        <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">History</h3>
        {circuit.history.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500" data-testid="circuit-history-empty">
            The circuit has never opened.
          </p>
        ) : (
          <table className="mt-1 w-full text-sm">
            <thead className="sr-only">
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="circuit-history">
              {circuit.history.map((event) => (
                <tr key={`${event.at}-${event.from}-${event.to}-${event.reason}`}>
                  <td className="whitespace-nowrap py-1.5 pr-4 align-top text-xs text-slate-600" title={formatTime(event.at)}>
                    <TimeAgo date={new Date(event.at)} now={renderedAt} />
                  </td>
                  <td className="whitespace-nowrap py-1.5 pr-4 align-top">
                    {event.from === event.to ? (
                      <Badge tone="amber">probe failed</Badge>
                    ) : event.to === "open" ? (
                      <Badge tone="red">opened</Badge>
                    ) : (
                      <Badge tone="green">closed</Badge>
                    )}
                  </td>
                  <td className="py-1.5 align-top text-slate-800">{event.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
