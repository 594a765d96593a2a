// GET /api/v1/events/{id} – one event with its request, verification, routing runs and deliveries.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { toEventDetailView } from "@/lib/events/event-detail-view";
import { getEvent } from "@/lib/events/get-event";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getEvent", async ({ params }) => {
  const event = await getEvent({ id: params.id });
  return found(event && toEventDetailView(event), "event_not_found");
});
