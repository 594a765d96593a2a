// GET /api/v1/destinations/{id}/health – how its endpoint is doing: attempts, success rate and
// latency over the last hour and day, failures in a row, the last error, deliveries waiting.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getDestinationHealth } from "@/lib/destinations/destination-health";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getDestinationHealth", async ({ params }) => found(await getDestinationHealth({ id: params.id }), "destination_not_found"));
