import Link from "next/link";
import { EventStatusBadge } from "@/components/events/event-status-badge";
import { eventName } from "@/lib/summaries/event-name";
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
          <Th>Event</Th>
          {showSource ? <Th>Source</Th> : null}
          <Th>Status</Th>
          <Th>Tags</Th>
          <Th align="right">Size</Th>
        </>
      }
    >
      {events.map((event) => (
        <tr key={event.id} className="align-top hover:bg-slate-50" data-testid="event-row">
          <Td className="whitespace-nowrap text-slate-600">
            <TimeAgo date={event.receivedAt} now={now} />
          </Td>
          <Td className="min-w-56 max-w-xl">
            <Link
              href={`/events/${event.id}`}
              className={`block break-words font-medium hover:underline ${event.summary ? "text-indigo-700" : "text-indigo-700/80 italic"}`}
              data-testid="event-summary"
            >
              {eventName(event)}
            </Link>
            <span className="mt-0.5 block font-mono text-xs text-slate-500">
              {event.summary && event.eventType ? `${event.eventType} · ` : null}
              {event.method} {event.contentType ?? "(no content type)"}
              {event.duplicateCount > 0 ? (
                <span className="ml-2 font-sans" title="Later deliveries with the same id were recognised as duplicates">
                  <Badge tone="amber">+{event.duplicateCount} duplicate{event.duplicateCount === 1 ? "" : "s"}</Badge>
                </span>
              ) : null}
            </span>
          </Td>
          {showSource ? <Td className="text-slate-700">{event.sourceName}</Td> : null}
          <Td>
            <EventStatusBadge status={event.status} />
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
