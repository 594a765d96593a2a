// An alert rule as shown: its kind's words, its thresholds over the defaults, how many alerts fire.
import { RULE_KINDS, ruleParams } from "@/lib/alerts/rule-kinds";
import type { AlertRuleView } from "@/lib/alerts/schema";
import type { AlertRule } from "@/lib/generated/prisma/client";

export function toAlertRuleView(row: AlertRule & { _count: { alerts: number } }): AlertRuleView {
  const kind = RULE_KINDS[row.kind];
  return {
    id: row.id,
    kind: row.kind,
    title: kind.title,
    description: kind.description,
    enabled: row.enabled,
    params: ruleParams(row.kind, row.params),
    repeatMinutes: row.repeatMinutes,
    firing: row._count.alerts,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const WITH_FIRING_COUNT = { _count: { select: { alerts: { where: { status: "firing" } } } } } as const;
