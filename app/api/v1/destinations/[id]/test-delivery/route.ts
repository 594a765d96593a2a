// POST /api/v1/destinations/{id}/test-delivery – send one signed test request to the destination
// now and answer with its outcome (an endpoint that is down is an outcome: ok false, and why).
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { toTestDeliveryView } from "@/lib/destinations/schema";
import { sendTestDelivery } from "@/lib/pipeline/dispatch/send-test-delivery";

export const dynamic = "force-dynamic";

export const POST = apiRoute("sendTestDelivery", async ({ params, actor }) => {
  const result = await sendTestDelivery({ destinationId: params.id, actor });
  return result.ok ? { data: toTestDeliveryView(result.testDelivery) } : fail(result.code);
});
