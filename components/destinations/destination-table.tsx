import Link from "next/link";
import { formatLatency, formatSuccessRate, successTone } from "@/components/destinations/health-format";
import { CircuitBadge } from "@/components/destinations/circuit-badge";
import { DestinationStateBadge } from "@/components/destinations/state-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { DestinationHealthSummary } from "@/lib/destinations/destination-health";
import type { DestinationSummary } from "@/lib/destinations/list-destinations";

const RATE_TEXT = {
  green: "text-emerald-700",
  amber: "text-amber-700",
  red: "text-red-700",
  gray: "text-slate-500",
} as const;

/** Success rate and p95 over the last hour, and the failures in a row when there are any. */
function HealthCell({ health }: { health: DestinationHealthSummary | undefined }) {
  if (!health) return <span className="text-xs text-slate-400">–</span>;
  const { lastHour, consecutiveFailures } = health;
  return (
    <div className="space-y-0.5" data-testid="health-cell">
      {lastHour.attempts === 0 ? (
        <span className="text-xs text-slate-400">No attempts</span>
      ) : (
        <span
          className="whitespace-nowrap text-xs text-slate-600"
          title={`${lastHour.succeeded.toLocaleString("en")} of ${lastHour.attempts.toLocaleString("en")} attempts in the last hour got a 2xx`}
        >
          <span className={`font-medium tabular-nums ${RATE_TEXT[successTone(lastHour.successRate)]}`}>
            {formatSuccessRate(lastHour.successRate)}
          </span>{" "}
          ok · p95 <span className="tabular-nums">{formatLatency(lastHour.p95Ms)}</span>
        </span>
      )}
      {consecutiveFailures > 0 ? (
        <span className="block whitespace-nowrap text-xs font-medium text-red-700">
          {consecutiveFailures.toLocaleString("en")} failing in a row
        </span>
      ) : null}
    </div>
  );
}

function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function DestinationTable({
  destinations,
  health,
}: {
  destinations: DestinationSummary[];
  /** By destination id (lib/destinations/destination-health.ts). */
  health: Record<string, DestinationHealthSummary>;
}) {
  const now = new Date();
  return (
    <Table
      bodyTestId="destination-rows"
      head={
        <>
          <Th>Name</Th>
          <Th>Host</Th>
          <Th>State</Th>
          <Th>Last hour</Th>
          <Th align="right">Backlog</Th>
          <Th>Created</Th>
        </>
      }
    >
      {destinations.map((destination) => {
        return (
          <tr key={destination.id} className="hover:bg-slate-50">
            <Td>
              <Link href={`/destinations/${destination.id}`} className="font-medium text-indigo-700 hover:underline">
                {destination.name}
              </Link>
            </Td>
            <Td className="font-mono text-xs text-slate-700" title={destination.url}>
              {urlHost(destination.url)}
            </Td>
            <Td>
              <div className="flex flex-wrap items-center gap-2">
                <DestinationStateBadge state={destination.state} pausedReason={destination.pausedReason} />
                <CircuitBadge circuit={destination.circuit} paused={destination.state === "paused"} now={now.toISOString()} />
                {destination.state === "paused" && destination.pausedReason ? (
                  <span className="max-w-xs truncate text-xs text-amber-800" title={destination.pausedReason}>
                    {destination.pausedReason}
                  </span>
                ) : null}
              </div>
            </Td>
            <Td>
              <HealthCell health={health[destination.id]} />
            </Td>
            <Td
              className={`text-right tabular-nums ${destination.backlog > 0 ? "font-medium text-slate-900" : "text-slate-500"}`}
            >
              {destination.backlog.toLocaleString("en")}
            </Td>
            <Td className="text-slate-600">
              <TimeAgo date={destination.createdAt} now={now} />
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
