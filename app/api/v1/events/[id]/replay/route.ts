// POST /api/v1/events/{id}/replay – route one event again through its source's current rules
// (the same replayEvent as the event page's button; an idempotency key makes a retried call replay once).
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { newReplayToken, replayEvent } from "@/lib/events/replay-event";

export const dynamic = "force-dynamic";

export const POST = apiRoute("replayEvent", async ({ params, body, actor }) => {
  const result = await replayEvent({ eventId: params.id, token: body?.idempotencyKey ?? newReplayToken(), actor });
  if (result === "missing") return fail("event_not_found");
  return { data: { eventId: params.id, status: result } };
});
