// POST /api/v1/destinations/{id}/pause – stop delivering; deliveries wait until it is resumed. The
// body (a reason) is optional; an already paused destination keeps its original reason.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { pauseDestination } from "@/lib/destinations/pause-destination";

export const POST = apiRoute("pauseDestination", async ({ params, body, actor }) =>
  found(await pauseDestination({ id: params.id, input: body, actor }), "destination_not_found"),
);
