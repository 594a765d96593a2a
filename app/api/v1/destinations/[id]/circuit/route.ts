// GET /api/v1/destinations/{id}/circuit – its circuit breaker: state, since when it is failing,
// the next probe, this instance's thresholds and the recent history with reasons.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getDestinationCircuit } from "@/lib/destinations/get-destination-circuit";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getDestinationCircuit", async ({ params }) => found(await getDestinationCircuit({ id: params.id }), "destination_not_found"));
