import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
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
    <Table
      flat
      bodyTestId="rejection-rows"
      head={
        <>
          <Th>Time</Th>
          <Th>Status</Th>
          <Th>Reason</Th>
          <Th>Message</Th>
          <Th>From</Th>
        </>
      }
    >
      {rows.map((row) => (
        <tr key={row.id} className="align-top">
          <Td className="whitespace-nowrap text-slate-600">
            <TimeAgo date={row.receivedAt} now={now} />
          </Td>
          <Td>
            <Badge tone={row.status === 410 ? "gray" : "red"}>{row.status}</Badge>
          </Td>
          <Td className="whitespace-nowrap font-mono text-xs text-slate-700">{row.reason}</Td>
          <Td className="min-w-64 text-slate-700">{row.message}</Td>
          <Td className="whitespace-nowrap font-mono text-xs text-slate-600">{row.remoteAddress ?? "unknown"}</Td>
        </tr>
      ))}
    </Table>
  );
}
