// POST /api/v1/deliveries/{id}/retry – "Retry now": a failed, retrying or cancelled delivery gets
// an attempt due now. When its destination is paused, the attempt waits for the resume, or with its
// circuit open, for a probe to succeed (and the answer says so).
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";

export const POST = apiRoute("retryDelivery", async ({ params, actor }) => {
  const result = await retryDelivery({ id: params.id, actor });
  if (!result.ok) return fail(result.code, { message: result.message });
  const { id, eventId, status, attempts, nextAttemptAt } = result.delivery;
  return {
    data: { id, eventId, status, nextAttemptAt: nextAttemptAt.toISOString() },
    destinationPaused: result.destinationPaused,
    circuitOpen: result.circuitOpen,
    awaitingAttempt: attempts + 1,
  };
});
