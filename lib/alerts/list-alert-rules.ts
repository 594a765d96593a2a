// Every alert rule, in the order the settings page explains them.
import { ALERT_RULE_KINDS } from "@/lib/alerts/rule-kinds";
import type { AlertRuleView } from "@/lib/alerts/schema";
import { toAlertRuleView, WITH_FIRING_COUNT } from "@/lib/alerts/to-alert-rule-view";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export async function listAlertRules(): Promise<AlertRuleView[]> {
  const rows = await db().alertRule.findMany({ include: WITH_FIRING_COUNT });
  return rows.map(toAlertRuleView).sort((a, b) => ALERT_RULE_KINDS.indexOf(a.kind) - ALERT_RULE_KINDS.indexOf(b.kind));
}

export async function getAlertRule({ id }: { id: string }): Promise<AlertRuleView | null> {
  if (!isUuid(id)) return null;
  const row = await db().alertRule.findUnique({ where: { id }, include: WITH_FIRING_COUNT });
  return row ? toAlertRuleView(row) : null;
}
