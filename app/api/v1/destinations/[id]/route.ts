// GET, PATCH, DELETE /api/v1/destinations/{id} – one destination. PATCH changes only the fields sent
// (`headers`, when sent, replaces all custom headers).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { getDestination } from "@/lib/destinations/get-destination";
import { updateDestination } from "@/lib/destinations/update-destination";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getDestination", async ({ params }) => found(await getDestination({ id: params.id }), "destination_not_found"));

export const PATCH = apiRoute("updateDestination", async ({ params, body, actor }) =>
  found(await updateDestination({ id: params.id, input: body, actor }), "destination_not_found"),
);

export const DELETE = apiRoute("deleteDestination", async ({ params: { id }, actor }) => {
  const { deleted, deletedDeliveries } = await deleteDestination({ id, actor });
  return found(deleted ? { id, deletedDeliveries } : null, "destination_not_found");
});
