// Reads the builder's live test (the draft rule, unsaved, and the event or JSON to run it on) into
// TestRuleInput. A draft without a name or without complete actions is still tested on its
// conditions: a placeholder stands in, and `actionsPreviewed` says the actions were not.
import { addIssues, placeByPath } from "@/lib/forms/form-result";
import type { RuleCheckFailure } from "@/lib/rules/action-results";
import { RuleInput } from "@/lib/rules/rule-input";
import { actionSchema, conditionGroupSchema } from "@/lib/rules/schema";
import { TestRuleInput } from "@/lib/rules/test-rule";

const PLACEHOLDER_NAME = "Draft rule";

export interface RuleTestDraft {
  name: string;
  enabled: boolean;
  conditions: unknown;
  actions: unknown[];
}

export function readRuleTestForm({
  draft,
  sample,
}: {
  draft: RuleTestDraft;
  sample: unknown;
}): { ok: true; input: TestRuleInput; actionsPreviewed: boolean } | RuleCheckFailure {
  const conditions = conditionGroupSchema.safeParse(draft.conditions);
  if (!conditions.success) {
    return {
      ok: false,
      message: "Complete the highlighted conditions to test the rule.",
      fieldErrors: addIssues({}, conditions.error, placeByPath(["conditions"])),
    };
  }
  const validActions = (Array.isArray(draft.actions) ? draft.actions : []).filter(
    (action) => actionSchema.safeParse(action).success,
  );
  let rule = {
    name: draft.name.trim() || PLACEHOLDER_NAME,
    enabled: true,
    conditions: conditions.data,
    actions: validActions,
  };
  const actionsPreviewed = validActions.length > 0 && RuleInput.safeParse(rule).success;
  if (!actionsPreviewed) rule = { ...rule, actions: [{ type: "addTags", tags: ["(preview)"] }] };
  const input = TestRuleInput.safeParse({ rule, sample });
  if (!input.success)
    return { ok: false, message: input.error.issues[0]?.message ?? "Invalid test sample.", fieldErrors: {} };
  return { ok: true, input: input.data, actionsPreviewed };
}
