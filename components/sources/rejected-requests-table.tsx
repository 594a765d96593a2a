import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";

export interface RejectedRequestRow {
  id: string;
  receivedAt: Date;
  status: number;
  reason: string;
  message: string;
  remoteAddress: string | null;
}

/** Requests the receiver refused before storing anything: when, with which status, and why. */
export function RejectedRequestsTable({ rows }: { rows: RejectedRequestRow[] }) {
  const now = new Date();
  return (
    <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">Time</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">Reason</th>
            <th scope="col" className="px-4 py-2">Message</th>
            <th scope="col" className="px-4 py-2">From</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white" data-testid="rejection-rows">
          {rows.map((row) => (
            <tr key={row.id} className="align-top">
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                <TimeAgo date={row.receivedAt} now={now} />
              </td>
              <td className="px-4 py-2">
                <Badge tone={row.status === 410 ? "gray" : "red"}>{row.status}</Badge>
              </td>
              <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-700">{row.reason}</td>
              <td className="min-w-64 px-4 py-2 text-slate-700">{row.message}</td>
              <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-600">{row.remoteAddress ?? "unknown"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
