// GET /api/v1/destinations/{id}/blocked-keys – its ordering keys held up by a failing or failed head.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getDestination } from "@/lib/destinations/get-destination";
import { listBlockedKeys } from "@/lib/ordering/list-blocked-keys";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listBlockedKeys", async ({ params }) => {
  const destination = await getDestination({ id: params.id });
  return found(destination ? await listBlockedKeys({ destinationId: destination.id }) : null, "destination_not_found");
});
