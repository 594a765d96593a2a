// GET, PATCH, DELETE /api/v1/destinations/{id} – one destination. PATCH changes only the fields sent
// (`headers`, when sent, replaces all custom headers).
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { getDestination } from "@/lib/destinations/get-destination";
import { DestinationUpdateInput } from "@/lib/destinations/schema";
import { updateDestination } from "@/lib/destinations/update-destination";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const destination = await getDestination({ id: (await params).id });
  return destination ? jsonData(200, { data: destination }) : apiError("destination_not_found");
}

export async function PATCH(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: DestinationUpdateInput });
  if (!body.ok) return body.response;
  const destination = await updateDestination({ id: (await params).id, input: body.data, actor: actorOf(caller) });
  return destination ? jsonData(200, { data: destination }) : apiError("destination_not_found");
}

export async function DELETE(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const { id } = await params;
  const { deleted, deletedDeliveries } = await deleteDestination({ id, actor: actorOf(caller) });
  return deleted ? jsonData(200, { data: { id, deletedDeliveries } }) : apiError("destination_not_found");
}
