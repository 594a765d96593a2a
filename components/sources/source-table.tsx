import Link from "next/link";
import { SchemeBadge, StatusBadge } from "@/components/sources/scheme-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { SourceSummary } from "@/lib/sources/list-sources";

export function SourceTable({ sources, schemeLabels }: { sources: SourceSummary[]; schemeLabels: Record<string, string> }) {
  const now = new Date();
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">Name</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">Verification</th>
            <th scope="col" className="px-4 py-2 text-right">Events, 24 h</th>
            <th scope="col" className="px-4 py-2 text-right">Rejected, 24 h</th>
            <th scope="col" className="px-4 py-2">Last received</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100" data-testid="source-rows">
          {sources.map((source) => (
            <tr key={source.id} className="hover:bg-slate-50">
              <td className="px-4 py-2">
                <Link href={`/sources/${source.id}`} className="font-medium text-indigo-700 hover:underline">
                  {source.name}
                </Link>
              </td>
              <td className="px-4 py-2">
                <StatusBadge enabled={source.enabled} />
              </td>
              <td className="px-4 py-2">
                <SchemeBadge label={schemeLabels[source.scheme] ?? source.scheme} verifies={source.scheme !== "none"} />
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{source.eventsLast24h.toLocaleString("en")}</td>
              <td className={`px-4 py-2 text-right tabular-nums ${source.rejectedLast24h > 0 ? "font-medium text-red-700" : "text-slate-500"}`}>
                {source.rejectedLast24h.toLocaleString("en")}
              </td>
              <td className="px-4 py-2 text-slate-600">{source.lastReceivedAt ? <TimeAgo date={source.lastReceivedAt} now={now} /> : "never"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
