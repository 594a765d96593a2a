// Every alert rule, in the order the settings page explains them.
import { ALERT_RULE_KINDS } from "@/lib/alerts/rule-kinds";
import type { AlertRuleView } from "@/lib/alerts/schema";
import { toAlertRuleView, WITH_FIRING_COUNT } from "@/lib/alerts/to-alert-rule-view";
import { db } from "@/lib/db";

export async function listAlertRules(): Promise<AlertRuleView[]> {
  const rows = await db().alertRule.findMany({ include: WITH_FIRING_COUNT });
  return rows.map(toAlertRuleView).sort((a, b) => ALERT_RULE_KINDS.indexOf(a.kind) - ALERT_RULE_KINDS.indexOf(b.kind));
}
