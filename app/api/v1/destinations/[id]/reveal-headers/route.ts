// POST /api/v1/destinations/{id}/reveal-headers – the custom header values in plain text, audited.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { revealDestinationHeaders } from "@/lib/destinations/reveal-destination-headers";

export const dynamic = "force-dynamic";

export const POST = apiRoute("revealDestinationHeaders", async ({ params, actor }) => {
  const headers = await revealDestinationHeaders({ id: params.id, actor });
  return found(headers === null ? null : { headers }, "destination_not_found");
});
