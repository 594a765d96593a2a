import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { SourceSummary } from "@/lib/sources/list-sources";

export function SourceTable({ sources }: { sources: SourceSummary[] }) {
  const now = new Date();
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">Name</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2 text-right">Events, 24 h</th>
            <th scope="col" className="px-4 py-2">Last received</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sources.map((source) => (
            <tr key={source.id} className="hover:bg-slate-50">
              <td className="px-4 py-2">
                <Link href={`/sources/${source.id}`} className="font-medium text-indigo-700 hover:underline">
                  {source.name}
                </Link>
              </td>
              <td className="px-4 py-2">{source.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}</td>
              <td className="px-4 py-2 text-right tabular-nums">{source.eventsLast24h.toLocaleString("en")}</td>
              <td className="px-4 py-2 text-slate-600">{source.lastReceivedAt ? <TimeAgo date={source.lastReceivedAt} now={now} /> : "never"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
