// GET /api/v1/destinations – every destination with its backlog and recent outcomes. POST – create
// one; its generated signing secret is returned this once.
import { apiError } from "@/lib/api/errors";
import { toDestinationListItem } from "@/lib/api/to-destination-list-item";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { createDestination } from "@/lib/destinations/create-destination";
import { listDestinations } from "@/lib/destinations/list-destinations";
import { DestinationCreateInput } from "@/lib/destinations/schema";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const destinations = await listDestinations();
  return jsonData(200, { data: destinations.map(toDestinationListItem) });
}

export async function POST(request: Request) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: DestinationCreateInput });
  if (!body.ok) return body.response;
  const { destination, secret } = await createDestination({ input: body.data, actor: actorOf(caller) });
  return jsonData(201, { data: destination, secret });
}
