// Sets a source's rule order (drag and drop): the ids given, in order, must be exactly its rules.
// Returns the rules in their new order; null when there is no such source.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";
import { ReorderRulesInput } from "@/lib/rules/rule-input";
import type { RuleView } from "@/lib/rules/rule-view";
import { toRuleView } from "@/lib/rules/to-rule-view";

export async function reorderRules({ sourceId, ruleIds, actor }: { sourceId: string; ruleIds: string[]; actor: Actor }): Promise<RuleView[] | null> {
  const input = ReorderRulesInput.parse({ ruleIds });
  if (!isUuid(sourceId)) return null;
  return db().$transaction(async (tx) => {
    const source = await tx.source.findUnique({
      where: { id: sourceId },
      select: { name: true, rules: { select: { id: true }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] } },
    });
    if (!source) return null;
    const given = new Set(input.ruleIds);
    if (given.size !== input.ruleIds.length || source.rules.length !== given.size || source.rules.some((rule) => !given.has(rule.id))) {
      throw new RuleValidationError(["ruleIds"], "Give every rule of this source exactly once");
    }
    for (const [position, id] of input.ruleIds.entries()) await tx.rule.update({ where: { id }, data: { position } });
    const moved = input.ruleIds.filter((id, index) => source.rules[index]?.id !== id).length;
    if (moved > 0) await recordAudit(tx, { actor, action: "rule.reordered", target: { type: "source", id: sourceId, name: source.name }, details: { rules: input.ruleIds.length, moved } });
    const rules = await tx.rule.findMany({ where: { sourceId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
    return rules.map(toRuleView);
  });
}
