// GET, PATCH /api/v1/alert-rules/{id} – one rule; PATCH (admin) turns it on or off, changes its
// repeat interval and thresholds.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getAlertRule } from "@/lib/alerts/get-alert-rule";
import { updateAlertRule } from "@/lib/alerts/update-alert-rule";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getAlertRule", async ({ params }) => found(await getAlertRule({ id: params.id }), "alert_rule_not_found"));

export const PATCH = apiRoute("updateAlertRule", async ({ params, body, actor }) => {
  return found(await updateAlertRule({ id: params.id, input: body, actor }), "alert_rule_not_found");
});
