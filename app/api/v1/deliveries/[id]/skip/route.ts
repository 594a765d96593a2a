// POST /api/v1/deliveries/{id}/skip – cancel an ordered delivery that holds its key up; the next one goes.
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { skipDelivery } from "@/lib/deliveries/skip-delivery";

export const POST = apiRoute("skipDelivery", async ({ params, actor }) => {
  const result = await skipDelivery({ id: params.id, actor });
  return result.ok ? { data: { ...result.delivery, nextAttemptAt: null } } : fail(result.code, { message: result.message });
});
