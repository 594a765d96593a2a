// route-event: routes one stored event (see lib/pipeline/routing), the first time it is received or again
// for a replay (its own run key, so a job delivered twice still routes it once).
import { logger } from "@/lib/log";
import type { JobPayload } from "@/lib/queue";
import { routeEvent } from "@/lib/pipeline/routing/route-event";

const log = logger("worker.route-event");

export async function handleRouteEvent({ eventId, runKey, trigger }: JobPayload<"route-event">): Promise<void> {
  const result = await routeEvent({ eventId, runKey, trigger });
  // A missing event (deleted by retention or with its source) is a permanent outcome, not an error.
  if (result === "missing") log.warn("event no longer exists; nothing to route", { eventId, runKey });
  else log.debug("event routed", { eventId, runKey, result });
}
