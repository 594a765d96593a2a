// POST /api/v1/deliveries/{id}/cancel – cancel a pending or retrying delivery's remaining attempts.
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { cancelDelivery } from "@/lib/deliveries/cancel-delivery";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const result = await cancelDelivery({ id: (await params).id, actor: actorOf(caller) });
  if (!result.ok) return apiError(result.code, { message: result.message });
  return jsonData(200, { data: { ...result.delivery, nextAttemptAt: null } });
}
