// The deliveries list: each delivery with its event, destination, status, attempts, last outcome,
// next attempt, and the actions that apply to it.
import Link from "next/link";
import { DeliveryActions, type DeliveryActionHandlers } from "@/components/deliveries/delivery-actions";
import { DeliveryStatusBadge } from "@/components/deliveries/delivery-status-badge";
import { eventName } from "@/lib/summaries/event-name";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { DeliveryListItem } from "@/lib/deliveries/list-deliveries";
import { utcDateTime } from "@/components/ui/utc-date-time";

export function DeliveryTable({ deliveries, deliveryActions }: { deliveries: DeliveryListItem[]; deliveryActions: DeliveryActionHandlers }) {
  const now = new Date();
  return (
    <Table
      bodyTestId="delivery-rows"
      head={
        <>
          <Th>Created</Th>
          <Th>Event</Th>
          <Th>Destination</Th>
          <Th>Status</Th>
          <Th>Last response</Th>
          <Th>Next attempt</Th>
          <Th align="right">
            <span className="sr-only">Actions</span>
          </Th>
        </>
      }
    >
      {deliveries.map((delivery) => (
        <tr key={delivery.id} className="align-top hover:bg-slate-50" data-testid="delivery-row" data-delivery-id={delivery.id}>
          <Td className="whitespace-nowrap text-slate-700">
            <TimeAgo date={delivery.createdAt} now={now} />
          </Td>
          <Td className="min-w-48 max-w-sm">
            <Link href={`/events/${delivery.event.id}`} className="block break-words font-medium text-indigo-700 hover:underline" data-testid="delivery-event">
              {eventName({ summary: delivery.event.summary, eventType: delivery.event.type })}
            </Link>
            <span className="block text-xs text-slate-500">
              {delivery.event.summary && delivery.event.type ? `${delivery.event.type} · ` : null}
              {delivery.source.name}
            </span>
          </Td>
          <Td>
            <Link href={`/destinations/${delivery.destination.id}`} className="text-slate-800 hover:underline">
              {delivery.destination.name}
            </Link>
            {delivery.destination.state === "paused" ? (
              <span className="ml-2">
                <Badge tone="amber">paused</Badge>
              </span>
            ) : null}
          </Td>
          <Td className="whitespace-nowrap">
            <DeliveryStatusBadge status={delivery.status} />
            <span className="block pt-1 text-xs text-slate-500">
              {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
            </span>
          </Td>
          <Td className="max-w-72">
            {delivery.lastStatus !== null ? (
              <span className="font-mono text-xs font-medium text-slate-800">HTTP {delivery.lastStatus}</span>
            ) : delivery.attempts > 0 ? (
              <span className="text-xs font-medium text-slate-800">No response</span>
            ) : (
              <span className="text-xs text-slate-400">Not attempted yet</span>
            )}
            {delivery.lastResponseSnippet ? (
              <span className="block truncate font-mono text-xs text-slate-600" title={delivery.lastResponseSnippet}>
                {delivery.lastResponseSnippet}
              </span>
            ) : null}
            {delivery.lastError && delivery.lastStatus === null ? (
              <span className="block truncate text-xs text-red-700" title={delivery.lastError}>
                {delivery.lastError}
              </span>
            ) : null}
          </Td>
          <Td className="whitespace-nowrap text-xs text-slate-600">
            {delivery.nextAttemptAt ? <time dateTime={delivery.nextAttemptAt.toISOString()}>{utcDateTime(delivery.nextAttemptAt)}</time> : "—"}
          </Td>
          <Td className="text-right">
            <DeliveryActions deliveryId={delivery.id} status={delivery.status} handlers={deliveryActions} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}
