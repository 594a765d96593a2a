import Link from "next/link";
import { EventStatusBadge } from "@/components/events/event-status-badge";
import { formatBytes } from "@/components/events/format-bytes";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { EventListItem } from "@/lib/events/list-events";

export function EventTable({ events, showSource = true }: { events: EventListItem[]; showSource?: boolean }) {
  const now = new Date();
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">Received</th>
            {showSource ? <th scope="col" className="px-4 py-2">Source</th> : null}
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">Type</th>
            <th scope="col" className="px-4 py-2 text-right">Size</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100" data-testid="event-rows">
          {events.map((event) => (
            <tr key={event.id} className="hover:bg-slate-50">
              <td className="whitespace-nowrap px-4 py-2">
                <Link href={`/events/${event.id}`} className="font-medium text-indigo-700 hover:underline">
                  <TimeAgo date={event.receivedAt} now={now} />
                </Link>
              </td>
              {showSource ? <td className="px-4 py-2 text-slate-700">{event.sourceName}</td> : null}
              <td className="px-4 py-2">
                <EventStatusBadge status={event.status} />
              </td>
              <td className="px-4 py-2">
                <span className="font-medium text-slate-800">{event.eventType ?? "—"}</span>
                <span className="ml-2 font-mono text-xs text-slate-500">
                  {event.method} {event.contentType ?? "(no content type)"}
                </span>
                {event.duplicateCount > 0 ? (
                  <span className="ml-2" title="Later deliveries with the same id were recognised as duplicates">
                    <Badge tone="amber">+{event.duplicateCount} duplicate{event.duplicateCount === 1 ? "" : "s"}</Badge>
                  </span>
                ) : null}
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-right text-slate-600">{formatBytes(event.sizeBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
