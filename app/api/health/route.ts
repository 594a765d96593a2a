// GET /api/health – liveness and readiness for load balancers. Anonymous callers get only
// { status: "ok" | "unavailable" } (200 / 503); an API token or a session also gets the details:
// each component's state and error, the queue depth and the launcher's processes.
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { checkHealth, healthAnswer } from "@/lib/runtime/check-health";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  // A token cannot be checked while the database is away: such a caller is answered as anonymous.
  const caller = await authenticateApiRequest(request).catch(() => null);
  const health = await checkHealth({ workers: caller !== null });
  return Response.json(healthAnswer(health, { detailed: caller !== null }), { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
