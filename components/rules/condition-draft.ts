// Conditions while they are edited, in the rule builder or the events filter (pure, client-safe):
// their text form, and each condition's message for the editor. Blank rows (no field chosen yet)
// are left out of the text: they are a row being filled in, not a condition.
import { formatConditions } from "@/lib/rules/condition-text";
import { conditionSchema, type Condition, type ConditionGroup } from "@/lib/rules/schema";

type Node = Condition | ConditionGroup;

function isGroup(node: Node): node is ConditionGroup {
  return "rules" in node;
}

function withoutBlankRows(group: ConditionGroup): ConditionGroup {
  const rules = group.rules
    .map((node) => (isGroup(node) ? withoutBlankRows(node) : node))
    .filter((node) => (isGroup(node) ? node.rules.length > 0 : node.field.trim() !== ""));
  return { ...group, rules };
}

/** The text form of what the editor holds (blank rows left out); "" when there is nothing. */
export function draftText(group: ConditionGroup): string {
  return formatConditions(withoutBlankRows(group));
}

/** Each condition's problem, keyed as the editor shows them (conditions.rules.0.value). */
export function draftErrors(group: ConditionGroup, prefix = "conditions"): Record<string, string> {
  const errors: Record<string, string> = {};
  group.rules.forEach((node, index) => {
    const key = `${prefix}.rules.${index}`;
    if (isGroup(node)) {
      Object.assign(errors, draftErrors(node, key));
      return;
    }
    if (node.field.trim() === "") return;
    const checked = conditionSchema.safeParse(node);
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      const part = issue.path[0] === "field" ? "field" : "value";
      errors[`${key}.${part}`] ??= issue.message;
    }
  });
  return errors;
}
