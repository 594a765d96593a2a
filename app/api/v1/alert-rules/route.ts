// GET /api/v1/alert-rules – the conditions the worker evaluates every minute, with their thresholds.
import { apiRoute } from "@/lib/api/api-route";
import { listAlertRules } from "@/lib/alerts/list-alert-rules";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listAlertRules", async () => ({ data: await listAlertRules() }));
