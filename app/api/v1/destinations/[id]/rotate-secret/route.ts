// POST /api/v1/destinations/{id}/rotate-secret – a new signing secret (returned this once); the
// current ones keep signing alongside it for the overlap. The body is optional.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";

export const POST = apiRoute("rotateDestinationSecret", async ({ params, body, actor }) =>
  found(await rotateDestinationSecret({ id: params.id, input: body, actor }), "destination_not_found"),
);
