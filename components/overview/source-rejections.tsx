// Requests each source refused in the range, each linked to the source page (which lists them).
import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { SourceRejections } from "@/lib/overview/list-rejections-by-source";

export function SourceRejectionsTable({ rows, now }: { rows: SourceRejections[]; now: Date }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No requests were rejected in this range.</p>;
  return (
    <Table
      flat
      bodyTestId="rejection-summary-rows"
      head={
        <>
          <Th>Source</Th>
          <Th align="right">Rejected</Th>
          <Th>Mostly</Th>
          <Th align="right">Last</Th>
        </>
      }
    >
      {rows.map((row) => (
        <tr key={row.id}>
          <Td>
            <Link href={`/sources/${row.id}`} className="font-medium text-indigo-700 hover:underline">
              {row.name}
            </Link>
          </Td>
          <Td className="text-right tabular-nums text-red-700">{row.rejected.toLocaleString("en")}</Td>
          <Td className="whitespace-nowrap font-mono text-xs text-slate-700">{row.topReason}</Td>
          <Td className="whitespace-nowrap text-right text-slate-600">
            <TimeAgo date={row.lastAt} now={now} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}
