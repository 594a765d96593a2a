import type { ReactNode } from "react";
import { formatLatency, formatSuccessRate, successTone } from "@/components/destinations/health-format";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatSeconds, type CircuitPolicy } from "@/lib/destinations/circuit-policy";
import { attemptOutcomeLabel } from "@/lib/destinations/pause-cause";
import type { DestinationHealthView } from "@/lib/destinations/schema";

type Window = DestinationHealthView["lastHour"];

const ROWS: Array<{ label: string; hint: string; value: (window: Window) => ReactNode }> = [
  { label: "Attempts", hint: "Requests made to the URL, retries included.", value: (window) => window.attempts.toLocaleString("en") },
  {
    label: "Success rate",
    hint: "Attempts answered with a 2xx.",
    value: (window) =>
      window.successRate === null ? "–" : <Badge tone={successTone(window.successRate)}>{formatSuccessRate(window.successRate)}</Badge>,
  },
  { label: "Median time", hint: "Half of the attempts took less (failures and timeouts included).", value: (window) => formatLatency(window.p50Ms) },
  { label: "95th percentile", hint: "19 in 20 attempts took less.", value: (window) => formatLatency(window.p95Ms) },
];

/** The destination page's health figures: hour and day side by side, failures in a row, the last error. */
export function DestinationHealthCard({ health, policy, now }: { health: DestinationHealthView; policy: CircuitPolicy; now: Date }) {
  const failing = health.consecutiveFailures;
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="destination-health">
      <table className="w-full text-sm">
        <thead className="text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              <span className="sr-only">Figure</span>
            </th>
            <th scope="col" className="py-1 pr-4 text-right font-medium">
              Last hour
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Last 24 hours
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="py-1.5 pr-4 text-left font-normal text-slate-700" title={row.hint}>
                {row.label}
              </th>
              <td className="py-1.5 pr-4 text-right tabular-nums text-slate-900">{row.value(health.lastHour)}</td>
              <td className="py-1.5 text-right tabular-nums text-slate-900">{row.value(health.lastDay)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl className="space-y-3 text-sm">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Failed attempts in a row</dt>
          <dd className="mt-0.5 flex flex-wrap items-center gap-2">
            <span className={`tabular-nums ${failing > 0 ? "font-semibold text-red-700" : "text-slate-900"}`} data-testid="consecutive-failures">
              {failing.toLocaleString("en")}
            </span>
            <span className="text-xs text-slate-500">
              {health.failingSince ? (
                <>
                  failing for {formatSeconds((now.getTime() - Date.parse(health.failingSince)) / 1000)};{" "}
                </>
              ) : null}
              the circuit opens after {formatSeconds(policy.openAfterSeconds)} and {policy.minFailures.toLocaleString("en")} in a row; a success resets it
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Deliveries waiting</dt>
          <dd className="mt-0.5 tabular-nums text-slate-900">{health.waiting.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Last error (24 hours)</dt>
          <dd className="mt-0.5" data-testid="last-error">
            {health.lastError ? (
              <>
                <span className="flex flex-wrap items-center gap-2">
                  <Badge tone="red">{attemptOutcomeLabel(health.lastError.responseStatus, health.lastError.errorClass)}</Badge>
                  <span className="text-xs text-slate-600">
                    <TimeAgo date={new Date(health.lastError.at)} now={now} />
                  </span>
                </span>
                {health.lastError.message ? <span className="mt-1 block break-words text-xs text-slate-700">{health.lastError.message}</span> : null}
              </>
            ) : (
              <span className="text-slate-500">None</span>
            )}
          </dd>
        </div>
      </dl>
    </div>
  );
}
