// The audit log as a table: when, who, what, on which target (linked while it exists), details.
import Link from "next/link";
import { auditActionLabel, auditDetailPhrases, auditTargetHref } from "@/components/settings/audit-format";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { AuditLogItem } from "@/lib/audit/schema";

export function AuditLogTable({ entries, flat = false }: { entries: AuditLogItem[]; flat?: boolean }) {
  const now = new Date();
  return (
    <Table
      flat={flat}
      bodyTestId="audit-log"
      head={
        <>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Details</Th>
        </>
      }
    >
      {entries.map((entry) => {
        const href = auditTargetHref(entry.target);
        const name = entry.target.name ?? entry.target.id ?? "—";
        return (
          <tr key={entry.id} className="align-top">
            <Td className="whitespace-nowrap text-slate-600">
              <TimeAgo date={entry.at} now={now} />
            </Td>
            <Td className={entry.actorId === null ? "italic text-slate-500" : "text-slate-700"}>{entry.actorLabel}</Td>
            <Td className="whitespace-nowrap font-medium text-slate-900" title={entry.action}>
              {auditActionLabel(entry.action)}
            </Td>
            <Td className="max-w-64 break-words">
              {href ? (
                <Link href={href} className="text-indigo-700 hover:underline">
                  {name}
                </Link>
              ) : (
                <span className="text-slate-600">
                  {name} {entry.target.exists ? null : <span className="text-xs text-slate-400">(deleted)</span>}
                </span>
              )}
            </Td>
            <Td className="min-w-56 text-slate-600">{auditDetailPhrases(entry.details).join(" · ")}</Td>
          </tr>
        );
      })}
    </Table>
  );
}
