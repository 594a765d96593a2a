// One event with everything the detail page shows: the request, its routing runs (traces) and its
// deliveries with every attempt.
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import { deliveriesBeingAttempted } from "@/lib/deliveries/attempt-lock";
import { readEventHeaders } from "@/lib/event-headers";
import { readRoutingFields, readRoutingTrace } from "@/lib/rules/trace-codec";
import { summarizeLoadedEvent } from "@/lib/summaries/event-summaries";

export async function getEvent({ id }: { id: string }) {
  if (!isUuid(id)) return null;
  const event = await db().event.findUnique({
    where: { id },
    include: {
      source: { select: { id: true, name: true, summaryTemplate: true, summaryVersion: true } },
      routingRuns: { orderBy: { createdAt: "desc" } },
      deliveries: {
        orderBy: { createdAt: "asc" },
        include: { destination: { select: { id: true, name: true, url: true } }, attemptRows: { orderBy: { number: "asc" } } },
      },
    },
  });
  if (!event) return null;
  const headers = readEventHeaders(event.headers, { eventId: id });
  const beingAttempted = await deliveriesBeingAttempted(event.deliveries.filter((delivery) => delivery.status === "pending" || delivery.status === "retrying").map((delivery) => delivery.id));
  return {
    ...event,
    deliveries: event.deliveries.map((delivery) => ({ ...delivery, attemptInProgress: beingAttempted.has(delivery.id) })),
    summary: summarizeLoadedEvent({ summary: event.summary, summaryVersion: event.summaryVersion, payload: event.payload, headers, source: event.source }),
    headers,
    body: Buffer.from(event.body),
    routing: readRoutingFields(event.routing, { eventId: id }),
    routingRuns: event.routingRuns.map((run) => ({
      ...run,
      trace: readRoutingTrace(run.trace, { runId: run.id }),
      routing: readRoutingFields(run.routing, { runId: run.id }),
    })),
  };
}

export type EventDetail = NonNullable<Awaited<ReturnType<typeof getEvent>>>;
