// POST /api/v1/destinations/{id}/resume – deliver again; the waiting deliveries are requeued,
// spaced out so the receiver is not flooded, or, with the circuit open, probed for at once
// (lib/destinations/resume-destination.ts).
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const resumed = await resumeDestination({ id: (await params).id, actor: actorOf(caller) });
  return resumed
    ? jsonData(200, { data: resumed.destination, requeued: resumed.requeued, drainSeconds: resumed.drainSeconds, circuitOpen: resumed.circuitOpen })
    : apiError("destination_not_found");
}
