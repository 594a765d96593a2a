// GET /api/v1/destinations/{id}/recovery – its failed deliveries, and whether it is healthy again
// (the moment to retry them in bulk).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getDestinationRecovery } from "@/lib/destinations/get-destination-recovery";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getDestinationRecovery", async ({ params }) => found(await getDestinationRecovery({ id: params.id }), "destination_not_found"));
