"use server";
// Server action for alert rules: save one rule's form. Admin only (lib/auth/may-change-settings.ts).
import { revalidatePath } from "next/cache";
import type { SaveAlertRuleResult } from "@/lib/alerts/action-results";
import { AlertRuleSettingsError } from "@/lib/alerts/alert-rule-settings-error";
import { getAlertRule } from "@/lib/alerts/get-alert-rule";
import { readAlertRuleForm } from "@/lib/alerts/read-alert-rule-form";
import { updateAlertRule } from "@/lib/alerts/update-alert-rule";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/forms/form-result";

// One rule's Save button (the rule's id is bound by the page).
export async function saveAlertRuleAction(id: string, _previous: SaveAlertRuleResult, form: FormData): Promise<SaveAlertRuleResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "settings.manage" });
  if (refused) return refused;
  const rule = await getAlertRule({ id });
  if (!rule) return formFailure({}, "This rule no longer exists.");
  const read = readAlertRuleForm({ kind: rule.kind, form });
  if (!read.ok) return read;
  try {
    const saved = await updateAlertRule({ id, input: read.input, actor: actorOf(user) });
    revalidatePath("/settings/alerts");
    return saved ? { ok: true, message: saved.enabled ? "Saved. The next evaluation (within a minute) uses it." : "Saved. This rule is off: its firing alerts resolve at the next evaluation." } : formFailure({}, "This rule no longer exists.");
  } catch (error) {
    if (error instanceof AlertRuleSettingsError) return formFailure({ [error.path[0] === "params" ? `param.${String(error.path[1])}` : String(error.path[0])]: error.message });
    throw error;
  }
}
