// route-event: routes one stored event (see lib/routing).
import { logger } from "@/lib/log";
import type { JobPayload } from "@/lib/queue";
import { routeEvent } from "@/lib/routing/route-event";

const log = logger("worker.route-event");

export async function handleRouteEvent({ eventId }: JobPayload<"route-event">): Promise<void> {
  const result = await routeEvent({ eventId });
  // A missing event (deleted by retention or with its source) is a permanent outcome, not an error.
  if (result === "missing") log.warn("event no longer exists; nothing to route", { eventId });
  else log.debug("event routed", { eventId, result });
}
