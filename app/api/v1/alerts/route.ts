// GET /api/v1/alerts – alert history, newest first (?status=firing|resolved, ?limit=).
import { apiRoute } from "@/lib/api/api-route";
import { listAlerts } from "@/lib/alerts/list-alerts";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listAlerts", async ({ query }) => ({ data: await listAlerts(query) }));
