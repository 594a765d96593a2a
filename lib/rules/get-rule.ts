// One rule by id, as the API and the builder show it.
import { db } from "@/lib/db";
import type { RuleView } from "@/lib/rules/rule-view";
import { toRuleView } from "@/lib/rules/to-rule-view";
import { UUID_PATTERN } from "@/lib/ids";

export async function getRule({ ruleId }: { ruleId: string }): Promise<RuleView | null> {
  if (!UUID_PATTERN.test(ruleId)) return null;
  const row = await db().rule.findUnique({ where: { id: ruleId } });
  return row ? toRuleView(row) : null;
}
