// POST /api/v1/destinations/{id}/probe – "Probe now": the open circuit's next probe is due at once
// (lib/destinations/request-probe.ts); the worker makes it.
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { requestProbe } from "@/lib/destinations/request-probe";
import { jsonData } from "@/lib/http/json-data";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const result = await requestProbe({ id: (await params).id, actor: actorOf(caller) });
  return result.ok ? jsonData(200, { data: result.destination }) : apiError(result.code);
}
