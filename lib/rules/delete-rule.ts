// Deletes a rule with its version history.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";

export async function deleteRule({ ruleId, actor }: { ruleId: string; actor: Actor }): Promise<boolean> {
  if (!isUuid(ruleId)) return false;
  return db().$transaction(async (tx) => {
    const rule = await tx.rule.findUnique({ where: { id: ruleId }, select: { name: true, sourceId: true, version: true } });
    const { count } = await tx.rule.deleteMany({ where: { id: ruleId } });
    if (count === 0 || !rule) return false;
    await recordAudit(tx, { actor, action: "rule.deleted", target: { type: "rule", id: ruleId, name: rule.name }, details: { sourceId: rule.sourceId, version: rule.version } });
    return true;
  });
}
