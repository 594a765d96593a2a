// Saves a rule: a new version when anything changed (history keeps every version). A rollback is
// such a save too, recorded in the audit log as one.
import { isDeepStrictEqual } from "node:util";
import type { Actor } from "@/lib/audit/actor";
import { auditValue, changedFields } from "@/lib/audit/changed-fields";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { checkRuleDestinations } from "@/lib/rules/check-rule-destinations";
import { writeRuleActions, writeRuleConditions } from "@/lib/rules/rule-codec";
import { RuleInput } from "@/lib/rules/rule-input";
import type { RuleView } from "@/lib/rules/rule-view";
import { toRuleView } from "@/lib/rules/to-rule-view";

export async function updateRule({
  ruleId,
  input,
  actor,
  restoresVersion,
}: {
  ruleId: string;
  input: RuleInput;
  actor: Actor;
  /** Set by rollbackRule: the earlier version whose content this is. */
  restoresVersion?: number;
}): Promise<RuleView | null> {
  const rule = RuleInput.parse(input);
  return db().$transaction(async (tx) => {
    // Lock the row so two concurrent saves get consecutive versions.
    const [current] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM rules WHERE id = ${ruleId}::uuid FOR UPDATE`;
    if (!current) return null;
    const row = await tx.rule.findUniqueOrThrow({ where: { id: ruleId } });
    const unchanged =
      row.name === rule.name && row.enabled === rule.enabled && isDeepStrictEqual(row.conditions, rule.conditions) && isDeepStrictEqual(row.actions, rule.actions);
    if (unchanged) return toRuleView(row);
    await checkRuleDestinations(tx, rule.actions);
    const version = row.version + 1;
    const content = {
      name: rule.name,
      enabled: rule.enabled,
      conditions: writeRuleConditions(rule.conditions),
      actions: writeRuleActions(rule.actions),
    };
    const updated = await tx.rule.update({ where: { id: ruleId }, data: { ...content, version, versions: { create: { version, createdById: actor.id, ...content } } } });
    const target = { type: "rule", id: ruleId, name: updated.name } as const;
    const fields = changedFields(row, rule);
    // Name and on/off read well as before → after; conditions and actions are in the rule's history.
    const changes = Object.fromEntries(
      fields.filter((field) => field === "name" || field === "enabled").map((field) => [field, { from: auditValue(row[field]), to: auditValue(rule[field]) }]),
    );
    const details = { sourceId: row.sourceId, version, fields, changes };
    await recordAudit(
      tx,
      restoresVersion === undefined
        ? { actor, action: "rule.updated", target, details }
        : { actor, action: "rule.rolled_back", target, details: { ...details, restoredVersion: restoresVersion } },
    );
    return toRuleView(updated);
  });
}
