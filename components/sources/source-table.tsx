import Link from "next/link";
import { SchemeBadge, StatusBadge } from "@/components/sources/scheme-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { SourceSummary } from "@/lib/sources/list-sources";

export function SourceTable({ sources, schemeLabels }: { sources: SourceSummary[]; schemeLabels: Record<string, string> }) {
  const now = new Date();
  return (
    <Table
      bodyTestId="source-rows"
      head={
        <>
          <Th>Name</Th>
          <Th>Status</Th>
          <Th>Verification</Th>
          <Th align="right">Events, 24 h</Th>
          <Th align="right">Rejected, 24 h</Th>
          <Th>Last received</Th>
        </>
      }
    >
      {sources.map((source) => (
        <tr key={source.id} className="hover:bg-slate-50">
          <Td>
            <Link href={`/sources/${source.id}`} className="font-medium text-indigo-700 hover:underline">
              {source.name}
            </Link>
          </Td>
          <Td>
            <StatusBadge enabled={source.enabled} />
          </Td>
          <Td>
            <SchemeBadge label={schemeLabels[source.scheme] ?? source.scheme} verifies={source.scheme !== "none"} />
          </Td>
          <Td className="text-right tabular-nums">{source.eventsLast24h.toLocaleString("en")}</Td>
          <Td className={`text-right tabular-nums ${source.rejectedLast24h > 0 ? "font-medium text-red-700" : "text-slate-500"}`}>
            {source.rejectedLast24h.toLocaleString("en")}
          </Td>
          <Td className="text-slate-600">{source.lastReceivedAt ? <TimeAgo date={source.lastReceivedAt} now={now} /> : "never"}</Td>
        </tr>
      ))}
    </Table>
  );
}
