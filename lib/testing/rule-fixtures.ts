// Builders for rule-engine tests (lib/rules): conditions, groups, rules and an evaluation context.

import type { EvaluationContext } from "@/lib/rules/types";
import type { Condition, ConditionGroup, Rule } from "@/lib/rules/schema";

export function makeCtx(
  body: unknown,
  overrides: Partial<EvaluationContext["event"]> = {},
  extra: Partial<EvaluationContext> = {},
): EvaluationContext {
  return {
    event: {
      id: "evt_1",
      type: "ticket.created",
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": "abc123" },
      body,
      ...overrides,
    },
    source: { id: "src_1", name: "Zendesk" },
    ...extra,
  };
}

export function cond(field: string, operator: Condition["operator"], value?: unknown): Condition {
  return value === undefined ? { field, operator } : { field, operator, value };
}

export function and(...rules: Array<Condition | ConditionGroup>): ConditionGroup {
  return { combinator: "and", rules };
}

export function or(...rules: Array<Condition | ConditionGroup>): ConditionGroup {
  return { combinator: "or", rules };
}

export function not(group: ConditionGroup): ConditionGroup {
  return { ...group, not: true };
}

export function rule(
  id: string,
  conditions: ConditionGroup,
  actions: Rule["actions"],
  extra: Partial<Rule> = {},
): Rule {
  return { id, name: `Rule ${id}`, enabled: true, conditions, actions, ...extra };
}
