import type { Rule as RuleRow } from "@/lib/generated/prisma/client";
import type { RuleView } from "@/lib/rules/rule-view";

export function toRuleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    sourceId: row.sourceId,
    position: row.position,
    name: row.name,
    enabled: row.enabled,
    version: row.version,
    conditions: row.conditions as unknown as RuleView["conditions"],
    actions: row.actions as unknown as RuleView["actions"],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
