import Link from "next/link";
import { EventStatusBadge } from "@/components/events/event-status-badge";
import { formatBytes } from "@/components/events/format-bytes";
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
            <th scope="col" className="px-4 py-2">Request</th>
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
              <td className="px-4 py-2 font-mono text-xs text-slate-600">
                {event.method} {event.contentType ?? "(no content type)"}
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-right text-slate-600">{formatBytes(event.sizeBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
