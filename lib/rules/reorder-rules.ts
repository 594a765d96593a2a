// Sets a source's rule order (drag and drop): the ids given, in order, must be exactly its rules.
import { db } from "@/lib/db";
import { ReorderRulesInput } from "@/lib/rules/rule-input";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";

export async function reorderRules({ sourceId, ruleIds }: { sourceId: string; ruleIds: string[] }): Promise<void> {
  const input = ReorderRulesInput.parse({ ruleIds });
  await db().$transaction(async (tx) => {
    const existing = await tx.rule.findMany({ where: { sourceId }, select: { id: true } });
    const given = new Set(input.ruleIds);
    if (given.size !== input.ruleIds.length || existing.length !== given.size || existing.some((rule) => !given.has(rule.id))) {
      throw new RuleValidationError(["ruleIds"], "Give every rule of this source exactly once");
    }
    for (const [position, id] of input.ruleIds.entries()) await tx.rule.update({ where: { id }, data: { position } });
  });
}
