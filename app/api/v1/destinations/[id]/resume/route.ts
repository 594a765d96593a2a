// POST /api/v1/destinations/{id}/resume – deliver again; every waiting delivery is requeued.
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { resumeDestination } from "@/lib/destinations/resume-destination";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const resumed = await resumeDestination({ id: (await params).id });
  return resumed ? jsonData(200, { data: resumed.destination, requeued: resumed.requeued }) : apiError("destination_not_found");
}
