// Sets a source's rule order and returns its rules in the new order; null when there is no such
// source. Throws RuleValidationError (["ruleIds"]) unless the ids are exactly the source's rules.
import { listRules } from "@/lib/rules/list-rules";
import { listSourceRules } from "@/lib/rules/list-source-rules";
import { reorderRules } from "@/lib/rules/reorder-rules";
import type { RuleView } from "@/lib/rules/rule-input";

export async function setRuleOrder({ sourceId, ruleIds }: { sourceId: string; ruleIds: string[] }): Promise<RuleView[] | null> {
  if ((await listSourceRules({ sourceId })) === null) return null;
  await reorderRules({ sourceId, ruleIds });
  return listRules({ sourceId });
}
