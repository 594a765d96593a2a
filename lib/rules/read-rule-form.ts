// Reads what the rule builder saves (a draft as JSON, not FormData) into RuleInput, with its
// problems keyed by path ("conditions.rules.0.value", "actions.1.tags") where the builder shows them.
import { addIssues, formFailure, placeByPath, type FormReading } from "@/lib/forms/form-result";
import { RuleInput } from "@/lib/rules/rule-input";

export function readRuleForm({ draft }: { draft: unknown }): FormReading<RuleInput> {
  const parsed = RuleInput.safeParse(draft);
  if (parsed.success) return { ok: true, input: parsed.data };
  const fieldErrors = addIssues({}, parsed.error, placeByPath());
  // The rule-level checks (name, action order) only run once the tree parses: say a missing name at once too.
  const name = typeof draft === "object" && draft !== null ? (draft as { name?: unknown }).name : undefined;
  if (typeof name !== "string" || name.trim() === "") fieldErrors.name ??= "Name is required";
  return formFailure(fieldErrors);
}
