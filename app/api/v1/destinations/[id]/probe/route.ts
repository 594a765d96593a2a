// POST /api/v1/destinations/{id}/probe – "Probe now": the open circuit's next probe is due at once
// (lib/destinations/request-probe.ts); the worker makes it.
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { requestProbe } from "@/lib/destinations/request-probe";

export const POST = apiRoute("probeDestination", async ({ params, actor }) => {
  const result = await requestProbe({ id: params.id, actor });
  return result.ok ? { data: result.destination } : fail(result.code);
});
