// One alert rule; null when there is none with this id.
import type { AlertRuleView } from "@/lib/alerts/schema";
import { toAlertRuleView, WITH_FIRING_COUNT } from "@/lib/alerts/to-alert-rule-view";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export async function getAlertRule({ id }: { id: string }): Promise<AlertRuleView | null> {
  if (!isUuid(id)) return null;
  const row = await db().alertRule.findUnique({ where: { id }, include: WITH_FIRING_COUNT });
  return row ? toAlertRuleView(row) : null;
}
