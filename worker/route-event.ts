// route-event: routes stored events (see lib/pipeline/routing), the first time each is received or
// again for a replay (its own run key, so a job delivered twice still routes it once). The worker
// hands over every route-event job of one fetch at once, routed in one transaction; with a hand-off,
// this worker then attempts the deliveries it made itself (lib/pipeline/dispatch/hand-off.ts).
import { logger } from "@/lib/log";
import type { DeliveryHandOff } from "@/lib/pipeline/dispatch/hand-off";
import { routeEvents } from "@/lib/pipeline/routing/route-events";
import type { JobPayload } from "@/lib/queue";

const log = logger("worker.route-event");

/** The batch handler: one outcome per job, in order: undefined when it is done, an Error when it must be retried. */
export function routeEventsHandler(handOff?: DeliveryHandOff): (payloads: Array<JobPayload<"route-event">>) => Promise<Array<Error | undefined>> {
  return async (payloads) => {
    const results = await routeEvents(payloads, handOff ? { handOff } : {});
    return results.map((result, index) => {
      if (result instanceof Error) return result;
      // A missing event (deleted by retention or with its source) is a permanent outcome, not an error.
      if (result === "missing") log.warn("event no longer exists; nothing to route", { eventId: payloads[index]!.eventId, runKey: payloads[index]!.runKey });
      return undefined;
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
