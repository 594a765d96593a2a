// GET /api/v1/destinations/{id}/circuit – its circuit breaker: state, since when it is failing,
// the next probe, this instance's thresholds and the recent history with reasons.
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { getDestinationCircuit } from "@/lib/destinations/get-destination-circuit";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const circuit = await getDestinationCircuit({ id: (await params).id });
  return circuit ? jsonData(200, { data: circuit }) : apiError("destination_not_found");
}
