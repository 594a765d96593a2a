// POST /api/v1/deliveries/{id}/cancel – cancel a pending or retrying delivery's remaining attempts.
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { cancelDelivery } from "@/lib/deliveries/cancel-delivery";

export const POST = apiRoute("cancelDelivery", async ({ params, actor }) => {
  const result = await cancelDelivery({ id: params.id, actor });
  return result.ok ? { data: { ...result.delivery, nextAttemptAt: null } } : fail(result.code, { message: result.message });
});
