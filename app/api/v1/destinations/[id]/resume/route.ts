// POST /api/v1/destinations/{id}/resume – deliver again; the waiting deliveries are requeued,
// spaced out so the receiver is not flooded, or, with the circuit open, probed for at once
// (lib/destinations/resume-destination.ts).
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { resumeDestination } from "@/lib/destinations/resume-destination";

export const POST = apiRoute("resumeDestination", async ({ params, actor }) => {
  const resumed = await resumeDestination({ id: params.id, actor });
  if (!resumed) return fail("destination_not_found");
  const { destination, requeued, drainSeconds, circuitOpen } = resumed;
  return { data: destination, requeued, drainSeconds, circuitOpen };
});
