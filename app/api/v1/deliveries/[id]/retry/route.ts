// POST /api/v1/deliveries/{id}/retry – "Retry now": a failed, retrying or cancelled delivery gets
// an attempt due now. When its destination is paused, the attempt waits for the resume, or with its
// circuit open, for a probe to succeed (and the answer says so).
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const result = await retryDelivery({ id: (await params).id, actor: actorOf(caller) });
  if (!result.ok) return apiError(result.code, { message: result.message });
  const { id, eventId, status, nextAttemptAt } = result.delivery;
  return jsonData(200, { data: { id, eventId, status, nextAttemptAt: nextAttemptAt.toISOString() }, destinationPaused: result.destinationPaused, circuitOpen: result.circuitOpen });
}
