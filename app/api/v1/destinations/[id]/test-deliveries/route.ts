// GET /api/v1/destinations/{id}/test-deliveries – its latest test deliveries with their outcome.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getDestination } from "@/lib/destinations/get-destination";
import { listTestDeliveries } from "@/lib/destinations/list-test-deliveries";
import { toTestDeliveryView } from "@/lib/destinations/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listTestDeliveries", async ({ params }) => {
  const [destination, tests] = await Promise.all([getDestination({ id: params.id }), listTestDeliveries({ destinationId: params.id, limit: 10 })]);
  return found(destination ? tests.map(toTestDeliveryView) : null, "destination_not_found");
});
