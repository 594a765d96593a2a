// Changes an alert rule: on/off, how often a holding condition is repeated, and thresholds (the
// ones sent, validated by the rule's kind, over the current ones). null when there is no such rule.
// The next evaluation (within a minute) uses them; alerts firing under the old thresholds resolve
// then if they no longer hold.
import { AlertRuleSettingsError } from "@/lib/alerts/alert-rule-settings-error";
import { RULE_KINDS, ruleParams } from "@/lib/alerts/rule-kinds";
import { AlertRuleUpdateInput, type AlertRuleView } from "@/lib/alerts/schema";
import { toAlertRuleView, WITH_FIRING_COUNT } from "@/lib/alerts/to-alert-rule-view";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { toInputJson } from "@/lib/db-json";
import { isUuid } from "@/lib/ids";

export async function updateAlertRule({ id, input, actor }: { id: string; input: AlertRuleUpdateInput; actor: Actor }): Promise<AlertRuleView | null> {
  if (!isUuid(id)) return null;
  const changes = AlertRuleUpdateInput.parse(input);
  const current = await db().alertRule.findUnique({ where: { id } });
  if (!current) return null;
  const kind = RULE_KINDS[current.kind];
  let params: Record<string, number> | undefined;
  if (changes.params) {
    const known = new Set(kind.fields.map((field) => field.name));
    const unknown = Object.keys(changes.params).find((name) => !known.has(name));
    if (unknown) throw new AlertRuleSettingsError(["params", unknown], `The rule "${kind.title}" has no threshold "${unknown}"; it has ${[...known].join(", ")}.`);
    const parsed = kind.params.safeParse({ ...ruleParams(current.kind, current.params), ...changes.params });
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      throw new AlertRuleSettingsError(["params", ...(issue?.path ?? []).map((part) => (typeof part === "symbol" ? String(part) : part))], issue?.message ?? "Invalid threshold");
    }
    params = parsed.data;
  }
  const fields = [
    ...(changes.enabled !== undefined && changes.enabled !== current.enabled ? ["enabled"] : []),
    ...(changes.repeatMinutes !== undefined && changes.repeatMinutes !== current.repeatMinutes ? ["repeatMinutes"] : []),
    ...(params ? Object.keys(changes.params ?? {}).filter((name) => params[name] !== ruleParams(current.kind, current.params)[name]) : []),
  ];
  const updated = await db().$transaction(async (tx) => {
    const row = await tx.alertRule.update({
      where: { id },
      data: {
        ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
        ...(changes.repeatMinutes !== undefined ? { repeatMinutes: changes.repeatMinutes } : {}),
        ...(params ? { params: toInputJson(params) } : {}),
      },
      include: WITH_FIRING_COUNT,
    });
    if (fields.length > 0) await recordAudit(tx, { actor, action: "alert_rule.updated", target: { type: "alert_rule", id, name: kind.title }, details: { fields } });
    return row;
  });
  return toAlertRuleView(updated);
}
