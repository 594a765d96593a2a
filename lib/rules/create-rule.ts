// Adds a rule at the end of a source's list, as version 1.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { checkRuleDestinations } from "@/lib/rules/check-rule-destinations";
import { writeRuleActions, writeRuleConditions } from "@/lib/rules/rule-codec";
import { RuleInput } from "@/lib/rules/rule-input";
import type { RuleView } from "@/lib/rules/rule-view";
import { toRuleView } from "@/lib/rules/to-rule-view";

export async function createRule({ sourceId, input, actor }: { sourceId: string; input: RuleInput; actor: Actor }): Promise<RuleView | null> {
  const rule = RuleInput.parse(input);
  return db().$transaction(async (tx) => {
    const source = await tx.source.findUnique({ where: { id: sourceId }, select: { id: true } });
    if (!source) return null;
    await checkRuleDestinations(tx, rule.actions);
    const last = await tx.rule.aggregate({ where: { sourceId }, _max: { position: true } });
    const content = {
      name: rule.name,
      enabled: rule.enabled,
      conditions: writeRuleConditions(rule.conditions),
      actions: writeRuleActions(rule.actions),
    };
    const row = await tx.rule.create({
      data: { sourceId, position: (last._max.position ?? -1) + 1, version: 1, ...content, versions: { create: { version: 1, createdById: actor.id, ...content } } },
    });
    await recordAudit(tx, { actor, action: "rule.created", target: { type: "rule", id: row.id, name: row.name }, details: { sourceId, version: 1 } });
    return toRuleView(row);
  });
}
