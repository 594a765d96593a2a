import Link from "next/link";
import { DestinationStateBadge } from "@/components/destinations/state-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { DestinationSummary } from "@/lib/destinations/list-destinations";

function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function DestinationTable({ destinations }: { destinations: DestinationSummary[] }) {
  const now = new Date();
  return (
    <Table
      bodyTestId="destination-rows"
      head={
        <>
          <Th>Name</Th>
          <Th>Host</Th>
          <Th>State</Th>
          <Th align="right">Backlog</Th>
          <Th>Created</Th>
        </>
      }
    >
      {destinations.map((destination) => (
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
              {destination.state === "paused" && destination.pausedReason ? (
                <span className="max-w-xs truncate text-xs text-amber-800" title={destination.pausedReason}>
                  {destination.pausedReason}
                </span>
              ) : null}
            </div>
          </Td>
          <Td className={`text-right tabular-nums ${destination.backlog > 0 ? "font-medium text-slate-900" : "text-slate-500"}`}>
            {destination.backlog.toLocaleString("en")}
          </Td>
          <Td className="text-slate-600">
            <TimeAgo date={destination.createdAt} now={now} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}
