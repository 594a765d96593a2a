// GET /api/v1/deliveries/{id} – one delivery with its latest outcome and latest attempt (how a
// retry went: the dashboard's retried rows read it too).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getDelivery } from "@/lib/deliveries/get-delivery";
import { toDeliveryView } from "@/lib/deliveries/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getDelivery", async ({ params }) => {
  const delivery = await getDelivery({ id: params.id });
  return found(delivery ? toDeliveryView(delivery) : null, "delivery_not_found");
});
