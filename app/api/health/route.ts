// GET /api/health – liveness and readiness for load balancers (public, no secrets in the answer).
import { checkHealth } from "@/lib/runtime/check-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json(
    { status: health.ok ? "ok" : "unavailable", ...health },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
