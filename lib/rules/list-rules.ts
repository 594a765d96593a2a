// A source's rules in evaluation order.
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import type { RuleView } from "@/lib/rules/rule-input";
import { toRuleView } from "@/lib/rules/to-rule-view";

export async function listRules({ sourceId }: { sourceId: string }): Promise<RuleView[]> {
  if (!isUuid(sourceId)) return [];
  const rows = await db().rule.findMany({ where: { sourceId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map(toRuleView);
}
