import Link from "next/link";
import { DestinationStateBadge } from "@/components/destinations/state-badge";
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
    <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">Name</th>
            <th scope="col" className="px-4 py-2">Host</th>
            <th scope="col" className="px-4 py-2">State</th>
            <th scope="col" className="px-4 py-2 text-right">Backlog</th>
            <th scope="col" className="px-4 py-2">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100" data-testid="destination-rows">
          {destinations.map((destination) => (
            <tr key={destination.id} className="hover:bg-slate-50">
              <td className="px-4 py-2">
                <Link href={`/destinations/${destination.id}`} className="font-medium text-indigo-700 hover:underline">
                  {destination.name}
                </Link>
              </td>
              <td className="px-4 py-2 font-mono text-xs text-slate-700" title={destination.url}>
                {urlHost(destination.url)}
              </td>
              <td className="px-4 py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <DestinationStateBadge state={destination.state} pausedReason={destination.pausedReason} />
                  {destination.state === "paused" && destination.pausedReason ? (
                    <span className="max-w-xs truncate text-xs text-amber-800" title={destination.pausedReason}>
                      {destination.pausedReason}
                    </span>
                  ) : null}
                </div>
              </td>
              <td className={`px-4 py-2 text-right tabular-nums ${destination.backlog > 0 ? "font-medium text-slate-900" : "text-slate-500"}`}>
                {destination.backlog.toLocaleString("en")}
              </td>
              <td className="px-4 py-2 text-slate-600">
                <TimeAgo date={destination.createdAt} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
