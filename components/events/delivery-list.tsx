// An event's deliveries, each with every attempt (request, response, timing and error) and the
// Retry / Cancel retries buttons that apply to it.
import Link from "next/link";
import { AttemptInProgress } from "@/components/deliveries/attempt-in-progress";
import { DeliveryActions, type DeliveryActionHandlers } from "@/components/deliveries/delivery-actions";
import { DeliveryStatusBadge } from "@/components/deliveries/delivery-status-badge";
import type { EventDetail } from "@/lib/events/get-event";
import { utcDateTime } from "@/components/ui/utc-date-time";

function when(date: Date | null): string {
  return date ? utcDateTime(date) : "";
}

export function DeliveryList({ deliveries, deliveryActions }: { deliveries: EventDetail["deliveries"]; deliveryActions: DeliveryActionHandlers | null }) {
  if (deliveries.length === 0) return <p className="text-sm text-slate-500">No rule forwarded this event.</p>;
  return (
    <ul className="space-y-4" data-testid="deliveries">
      {deliveries.map((delivery) => (
        <li key={delivery.id} className="rounded-md border border-slate-200 p-3" data-testid="delivery" data-delivery-id={delivery.id}>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <Link href={`/destinations/${delivery.destination.id}`} className="font-medium text-slate-900 hover:underline">
                {delivery.destination.name}
              </Link>
              <DeliveryStatusBadge status={delivery.status} />
              <span className="text-xs text-slate-500">
                {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
                {delivery.nextAttemptAt && !delivery.attemptInProgress && (delivery.status === "retrying" || delivery.status === "pending") ? ` · next ${when(delivery.nextAttemptAt)}` : ""}
              </span>
              {delivery.attemptInProgress ? <AttemptInProgress /> : null}
            </p>
            {deliveryActions ? <DeliveryActions deliveryId={delivery.id} status={delivery.status} handlers={deliveryActions} /> : null}
          </div>
          <p className="mt-1 break-all font-mono text-xs text-slate-500">
            {delivery.destination.url} · webhook-id {delivery.webhookId}
          </p>
          {delivery.attemptRows.length > 0 ? (
            <ol className="mt-2 space-y-1">
              {delivery.attemptRows.map((attempt) => (
                <li key={attempt.id}>
                  <details className="rounded bg-slate-50 px-2 py-1 text-xs">
                    <summary className="cursor-pointer">
                      #{attempt.number} · {when(attempt.startedAt)} · {attempt.durationMs} ms ·{" "}
                      {attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}` : attempt.errorClass}
                      {attempt.errorMessage ? ` · ${attempt.errorMessage}` : ""}
                    </summary>
                    <div className="mt-2 grid gap-2 md:grid-cols-2">
                      <div>
                        <p className="font-medium text-slate-600">Request headers</p>
                        <pre className="mt-1 overflow-auto rounded bg-white p-2 font-mono">{JSON.stringify(attempt.requestHeaders, null, 2)}</pre>
                      </div>
                      <div>
                        <p className="font-medium text-slate-600">Response</p>
                        <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono">
                          {attempt.responseStatus !== null ? `${attempt.responseStatus}\n${JSON.stringify(attempt.responseHeaders, null, 2)}\n\n${attempt.responseBody ?? ""}` : "no response"}
                        </pre>
                      </div>
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
