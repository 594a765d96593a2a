// POST /api/v1/destinations/{id}/pause – stop delivering; deliveries wait until it is resumed. The
// body (a reason) is optional; an already paused destination keeps its original reason.
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { pauseDestination } from "@/lib/destinations/pause-destination";
import { PauseDestinationInput } from "@/lib/destinations/schema";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: PauseDestinationInput, optional: true });
  if (!body.ok) return body.response;
  const destination = await pauseDestination({ id: (await params).id, input: body.data, actor: actorOf(caller) });
  return destination ? jsonData(200, { data: destination }) : apiError("destination_not_found");
}
