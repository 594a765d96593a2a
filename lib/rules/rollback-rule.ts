// Restores an earlier version of a rule by saving its content as a new version (history is never
// rewritten).
import type { Actor } from "@/lib/audit/actor";
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import type { RuleView } from "@/lib/rules/rule-view";
import { readRuleContent } from "@/lib/rules/rule-codec";
import { updateRule } from "@/lib/rules/update-rule";

export async function rollbackRule({ ruleId, version, actor }: { ruleId: string; version: number; actor: Actor }): Promise<RuleView | null> {
  if (!isUuid(ruleId)) return null;
  const old = await db().ruleVersion.findUnique({ where: { ruleId_version: { ruleId, version } } });
  if (!old) return null;
  const { name, enabled, conditions, actions } = readRuleContent(old, { table: "rule_versions", ruleId, version });
  return updateRule({ ruleId, actor, restoresVersion: version, input: { name, enabled, conditions, actions } });
}
