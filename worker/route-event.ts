// route-event: routes stored events (see lib/pipeline/routing), the first time each is received or
// again for a replay (its own run key, so a job delivered twice still routes it once). A received
// job names every event of one receiver commit; a replay's names one. The worker hands over every
// route-event job of one fetch at once, routed in transactions of at most ROUTE_TRANSACTION_EVENTS
// events; with a hand-off, this worker then attempts the deliveries it made itself
// (lib/pipeline/dispatch/hand-off.ts).
import { logger } from "@/lib/log";
import type { DeliveryHandOff } from "@/lib/pipeline/dispatch/hand-off";
import { routeEvents, type RouteEventJob, type RouteEventResult } from "@/lib/pipeline/routing/route-events";
import type { JobPayload } from "@/lib/queue";

const log = logger("worker.route-event");

/** Events routed in one transaction at most: a fetch of full receiver jobs is split into these. */
export const ROUTE_TRANSACTION_EVENTS = 100;

/** The events a job asks to route. */
function eventsOf(payload: JobPayload<"route-event">): RouteEventJob[] {
  return "eventIds" in payload ? payload.eventIds.map((eventId) => ({ eventId })) : [payload];
}

const keyOf = (job: RouteEventJob) => `${job.eventId} ${job.runKey ?? "received"}`;

/** The batch handler: one outcome per job, in order: undefined when it is done, an Error when it must be retried. */
export function routeEventsHandler(handOff?: DeliveryHandOff): (payloads: Array<JobPayload<"route-event">>) => Promise<Array<Error | undefined>> {
  return async (payloads) => {
    const perJob = payloads.map(eventsOf);
    // An event named twice (a job pg-boss handed out again alongside its copy) is routed once: two
    // copies in one transaction would both pass the run-key check.
    const unique = new Map<string, RouteEventJob>();
    for (const job of perJob.flat()) if (!unique.has(keyOf(job))) unique.set(keyOf(job), job);
    const toRoute = [...unique.values()];
    const results = new Map<string, RouteEventResult | Error>();
    for (let start = 0; start < toRoute.length; start += ROUTE_TRANSACTION_EVENTS) {
      const chunk = toRoute.slice(start, start + ROUTE_TRANSACTION_EVENTS);
      const outcomes = await routeEvents(chunk, handOff ? { handOff } : {});
      chunk.forEach((job, index) => results.set(keyOf(job), outcomes[index]!));
    }
    return perJob.map((events) => {
      let failed: Error | undefined;
      for (const event of events) {
        const result = results.get(keyOf(event));
        // One event that failed to evaluate retries its job; the others are then found routed already.
        if (result instanceof Error) failed ??= result;
        // A missing event is a permanent outcome, not an error. A received job names every row of its
        // receiver commit, so one that was a duplicate (folded into the event it repeats) has none;
        // a replay's event was deleted since (retention, or with its source).
        else if (result === "missing" && event.runKey === undefined) log.debug("no event under this id: a duplicate folded into the event it repeats, or deleted since; nothing to route", { eventId: event.eventId });
        else if (result === "missing") log.warn("event no longer exists; nothing to route", { eventId: event.eventId, runKey: event.runKey });
      }
      return failed;
    });
  };
}

/** Without a hand-off: every delivery goes through the queue. */
export const handleRouteEvents = routeEventsHandler();

/** One job alone (tests drive single jobs through it). */
export async function handleRouteEvent(payload: JobPayload<"route-event">): Promise<void> {
  const [error] = await handleRouteEvents([payload]);
  if (error) throw error;
}
