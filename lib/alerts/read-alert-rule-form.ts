// Reads one rule's form on the alert settings page: "enabled" (a checkbox), "repeatMinutes" and one
// "param.<name>" field per threshold of the rule's kind, into AlertRuleUpdateInput. The thresholds'
// bounds are the kind's (updateAlertRule checks them, AlertRuleSettingsError on `params.<name>`).
import type { AlertRuleKind } from "@/lib/generated/prisma/client";
import { RULE_KINDS } from "@/lib/alerts/rule-kinds";
import { AlertRuleUpdateInput } from "@/lib/alerts/schema";
import { addIssues, formFailure, type FormReading } from "@/lib/forms/form-result";

/** "" stays NaN (a number the schemas refuse with their message), not 0. */
function number(form: FormData, name: string): number {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
}

export function readAlertRuleForm({ kind, form }: { kind: AlertRuleKind; form: FormData }): FormReading<AlertRuleUpdateInput> {
  const params = Object.fromEntries(RULE_KINDS[kind].fields.map((field) => [field.name, number(form, `param.${field.name}`)]));
  const fieldErrors: Record<string, string> = {};
  for (const field of RULE_KINDS[kind].fields) {
    const value = params[field.name];
    if (value === undefined || !Number.isInteger(value)) fieldErrors[`param.${field.name}`] = `Enter a whole number from ${field.min} to ${field.max}`;
  }
  const parsed = AlertRuleUpdateInput.safeParse({ enabled: form.get("enabled") === "on", repeatMinutes: number(form, "repeatMinutes"), params });
  if (parsed.success && Object.keys(fieldErrors).length === 0) return { ok: true, input: parsed.data };
  if (!parsed.success) addIssues(fieldErrors, parsed.error, (issue) => ({ field: issue.path[0] === "params" ? `param.${String(issue.path[1])}` : String(issue.path[0] ?? "form"), message: issue.message }));
  return formFailure(fieldErrors);
}
