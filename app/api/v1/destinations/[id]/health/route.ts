// GET /api/v1/destinations/{id}/health – how its endpoint is doing: attempts, success rate and
// latency over the last hour and day, failures in a row, the last error, deliveries waiting.
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { getDestinationHealth } from "@/lib/destinations/destination-health";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const health = await getDestinationHealth({ id: (await params).id });
  return health ? jsonData(200, { data: health }) : apiError("destination_not_found");
}
