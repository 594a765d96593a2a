import type { Rule as RuleRow } from "@/lib/generated/prisma/client";
import { readRuleActions, readRuleConditions } from "@/lib/rules/rule-codec";
import type { RuleView } from "@/lib/rules/rule-view";

export function toRuleView(row: RuleRow): RuleView {
  const at = { table: "rules", ruleId: row.id, version: row.version } as const;
  return {
    id: row.id,
    sourceId: row.sourceId,
    position: row.position,
    name: row.name,
    enabled: row.enabled,
    version: row.version,
    conditions: readRuleConditions(row.conditions, at),
    actions: readRuleActions(row.actions, at),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
