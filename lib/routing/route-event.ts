// Routes one stored event. Idempotent: only an event still in `received` is changed, so a job that
// pg-boss delivers twice does nothing the second time.
import { db } from "@/lib/db";

export type RouteEventResult = "routed" | "already_routed" | "missing";

export async function routeEvent({ eventId }: { eventId: string }): Promise<RouteEventResult> {
  const { count } = await db().event.updateMany({
    where: { id: eventId, status: "received" },
    data: { status: "routed", processedAt: new Date() },
  });
  if (count === 1) return "routed";
  const exists = await db().event.findUnique({ where: { id: eventId }, select: { id: true } });
  return exists ? "already_routed" : "missing";
}
