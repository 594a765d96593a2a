"use client";
// The deliveries list: each delivery with its event, destination, status, attempts, last outcome,
// next attempt, and the actions that apply to it. A delivery retried here stays in its row (also
// when the list's filter no longer selects it, e.g. "failed") and shows how the retry's attempt
// went: waiting → succeeded, or failed with its status code and error (use-retried-deliveries.ts).
import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { AttemptInProgress } from "@/components/deliveries/attempt-in-progress";
import { DeliveryActions, type DeliveryActionHandlers } from "@/components/deliveries/delivery-actions";
import { DeliveryStatusBadge } from "@/components/deliveries/delivery-status-badge";
import { describeRetryOutcome, type RetryOutcome } from "@/components/deliveries/retry-outcome";
import { useRetriedDeliveries, type RetriedDelivery } from "@/components/deliveries/use-retried-deliveries";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ScriptButton } from "@/components/ui/script-button";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { utcDateTime } from "@/components/ui/utc-date-time";
import type { DeliveryListItem } from "@/lib/deliveries/list-deliveries";
import { eventName } from "@/lib/summaries/event-name";

const OUTCOME_TONE: Record<RetryOutcome["state"], string> = {
  waiting: "text-slate-600",
  succeeded: "text-emerald-700",
  failed: "text-red-700",
  retrying: "text-amber-800",
  cancelled: "text-slate-600",
};

/** Newest first, as the server lists them: (createdAt, id) descending. */
function newestFirst(a: DeliveryListItem, b: DeliveryListItem): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function DeliveryTable({
  deliveries,
  deliveryActions,
  now: nowText,
  flat = false,
  showDestination = true,
  empty,
}: {
  deliveries: DeliveryListItem[];
  /** Null for someone who may not retry or cancel (a viewer): no buttons. */
  deliveryActions: DeliveryActionHandlers | null;
  /**
   * Shown instead of the table when there is no row. The table stays mounted when its list empties
   * (the last failed row retried), so the rows it follows are not forgotten.
   */
  empty: ReactNode;
  /** The server's time of rendering (ISO), so relative times render the same on both sides. */
  now: string;
  flat?: boolean;
  /** False on a destination's own page, where every row has the same one. */
  showDestination?: boolean;
}) {
  const now = new Date(nowText);
  const { retried, track, dismiss, readError } = useRetriedDeliveries();

  // The page's rows, each as fresh as we know it, plus the retried ones the filter dropped.
  const listed = new Set(deliveries.map((delivery) => delivery.id));
  const rows: Array<{ delivery: DeliveryListItem; retry: RetriedDelivery | undefined; dropped: boolean }> = deliveries.map((delivery) => {
    const retry = retried.get(delivery.id);
    const fresher = retry && retry.delivery.updatedAt.getTime() > delivery.updatedAt.getTime() ? retry.delivery : delivery;
    return { delivery: fresher, retry, dropped: false };
  });
  for (const retry of retried.values()) if (!listed.has(retry.delivery.id)) rows.push({ delivery: retry.delivery, retry, dropped: true });
  rows.sort((a, b) => newestFirst(a.delivery, b.delivery));
  if (rows.length === 0) return <>{empty}</>;

  return (
    <>
      {readError ? (
        <div className="mb-3">
          <Alert tone="warning">{readError}</Alert>
        </div>
      ) : null}
      <Table
        bodyTestId="delivery-rows"
        flat={flat}
        head={
          <>
            <Th>Created</Th>
            <Th>Event</Th>
            {showDestination ? <Th>Destination</Th> : null}
            <Th>Status</Th>
            <Th>Last response</Th>
            <Th>Next attempt</Th>
            <Th align="right">
              <span className="sr-only">Actions</span>
            </Th>
          </>
        }
      >
        {rows.map(({ delivery, retry, dropped }) => {
          const outcome = retry
            ? describeRetryOutcome({
                delivery: { ...delivery, lastAttempt: retry.lastAttempt },
                awaitingAttempt: retry.awaitingAttempt,
                waitsFor: retry.waitsFor,
                formatTime: (date) => utcDateTime(date),
              })
            : null;
          return (
            <Fragment key={delivery.id}>
              <tr className={`align-top ${retry ? "bg-indigo-50/40" : "hover:bg-slate-50"}`} data-testid="delivery-row" data-delivery-id={delivery.id}>
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
                {showDestination ? (
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
                ) : null}
                <Td className="whitespace-nowrap">
                  <DeliveryStatusBadge status={delivery.status} />
                  <span className="block pt-1 text-xs text-slate-500">
                    {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
                  </span>
                </Td>
                <Td className="max-w-72">
                  {delivery.attemptInProgress ? (
                    <span className="block pb-1">
                      <AttemptInProgress />
                    </span>
                  ) : null}
                  {delivery.lastStatus !== null ? (
                    <span className="font-mono text-xs font-medium text-slate-800">HTTP {delivery.lastStatus}</span>
                  ) : delivery.attempts > 0 ? (
                    <span className="text-xs font-medium text-slate-800">No response</span>
                  ) : delivery.attemptInProgress ? null : (
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
                  {deliveryActions ? (
                    <DeliveryActions
                      deliveryId={delivery.id}
                      status={delivery.status}
                      handlers={deliveryActions}
                      onRetried={(result) => track(delivery, { awaitingAttempt: result.awaitingAttempt, waitsFor: result.waitsFor })}
                    />
                  ) : null}
                </Td>
              </tr>
              {outcome ? (
                // Its own row under the delivery, pinned to the left edge, so it is seen without
                // scrolling the table sideways on a phone.
                <tr className="bg-indigo-50/40" data-testid="retry-outcome-row" data-delivery-id={delivery.id}>
                  <td colSpan={showDestination ? 7 : 6} className="px-4 pb-2 pt-0">
                    <div className="sticky left-4 flex max-w-[calc(100vw-4rem)] flex-wrap items-baseline gap-x-3 gap-y-0.5 text-xs sm:max-w-none" role="status" data-testid="retry-outcome" data-outcome={outcome.state}>
                      <span className={`font-medium ${OUTCOME_TONE[outcome.state]}`}>{outcome.text}</span>
                      {outcome.detail ? <span className="text-slate-600">{outcome.detail}</span> : null}
                      {dropped ? <span className="text-slate-500">Kept here though the filters no longer select it.</span> : null}
                      {outcome.state !== "waiting" ? (
                        <ScriptButton className="text-slate-500 underline hover:text-slate-800" onClick={() => dismiss(delivery.id)}>
                          Dismiss
                        </ScriptButton>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </Table>
    </>
  );
}
