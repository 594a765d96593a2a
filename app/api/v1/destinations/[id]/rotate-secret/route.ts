// POST /api/v1/destinations/{id}/rotate-secret – a new signing secret (returned this once); the
// current ones keep signing alongside it for the overlap. The body is optional.
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { rotateDestinationSecret } from "@/lib/destinations/rotate-destination-secret";
import { RotateDestinationSecretInput } from "@/lib/destinations/schema";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: RotateDestinationSecretInput, optional: true });
  if (!body.ok) return body.response;
  const rotated = await rotateDestinationSecret({ id: (await params).id, input: body.data, actor: actorOf(caller) });
  return rotated ? jsonData(200, { data: rotated }) : apiError("destination_not_found");
}
