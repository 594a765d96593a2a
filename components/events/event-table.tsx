import Link from "next/link";
import { EventStatusBadge } from "@/components/events/event-status-badge";
import { formatBytes } from "@/components/events/format-bytes";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { EventListItem } from "@/lib/events/list-events";

export function EventTable({ events, showSource = true }: { events: EventListItem[]; showSource?: boolean }) {
  const now = new Date();
  return (
    <Table
      bodyTestId="event-rows"
      head={
        <>
          <Th>Received</Th>
          {showSource ? <Th>Source</Th> : null}
          <Th>Status</Th>
          <Th>Type</Th>
          <Th>Tags</Th>
          <Th align="right">Size</Th>
        </>
      }
    >
      {events.map((event) => (
        <tr key={event.id} className="hover:bg-slate-50">
          <Td className="whitespace-nowrap">
            <Link href={`/events/${event.id}`} className="font-medium text-indigo-700 hover:underline">
              <TimeAgo date={event.receivedAt} now={now} />
            </Link>
          </Td>
          {showSource ? <Td className="text-slate-700">{event.sourceName}</Td> : null}
          <Td>
            <EventStatusBadge status={event.status} />
          </Td>
          <Td>
            <span className="font-medium text-slate-800">{event.eventType ?? "—"}</span>
            <span className="ml-2 font-mono text-xs text-slate-500">
              {event.method} {event.contentType ?? "(no content type)"}
            </span>
            {event.duplicateCount > 0 ? (
              <span className="ml-2" title="Later deliveries with the same id were recognised as duplicates">
                <Badge tone="amber">+{event.duplicateCount} duplicate{event.duplicateCount === 1 ? "" : "s"}</Badge>
              </span>
            ) : null}
          </Td>
          <Td>
            {event.tags.length > 0 ? (
              <span className="flex flex-wrap gap-1">
                {event.tags.map((tag) => (
                  <Badge key={tag} tone="blue">
                    {tag}
                  </Badge>
                ))}
              </span>
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </Td>
          <Td className="whitespace-nowrap text-right text-slate-600">{formatBytes(event.sizeBytes)}</Td>
        </tr>
      ))}
    </Table>
  );
}
