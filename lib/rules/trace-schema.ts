// What evaluating rules reports: each condition's and group's outcome (the trace), each action's
// summary, and a run's result. Defined once, as zod schemas with their types inferred: the
// evaluator builds these values, routing runs store them (routing_runs.trace, read back through
// ./trace-codec.ts), and the API answers and documents them (TestRuleResult).
import { z } from "zod";

export const ConditionLeafTrace = z.object({
  kind: z.literal("condition"),
  id: z.string().optional(),
  field: z.string(),
  operator: z.string(),
  // The condition's value (preview); absent for operators without one (exists, missing).
  expected: z.unknown().optional(),
  // The field's value in this event (preview; strings/JSON longer than ~200 chars are cut);
  // absent when the field is missing.
  actual: z.unknown().optional(),
  actualType: z.enum(["string", "number", "boolean", "null", "array", "object", "missing"]),
  // True when `actual` was cut to a string preview.
  truncated: z.boolean().optional(),
  passed: z.boolean(),
  // Disabled in the builder; not part of the result.
  skipped: z.boolean().optional(),
  note: z.string().optional(),
});
export type ConditionLeafTrace = z.infer<typeof ConditionLeafTrace>;

export const GroupTrace = z
  .object({
    kind: z.literal("group"),
    id: z.string().optional(),
    combinator: z.enum(["and", "or"]),
    not: z.boolean(),
    passed: z.boolean(),
    skipped: z.boolean().optional(),
    note: z.string().optional(),
    // Mirrors the group's `rules`, in the same order.
    get rules(): z.ZodArray<z.ZodUnion<[typeof GroupTrace, typeof ConditionLeafTrace]>> {
      return z.array(z.union([GroupTrace, ConditionLeafTrace]));
    },
  })
  .meta({ id: "ConditionGroupTrace", description: "A condition group as evaluated: each condition with the event's value and whether it passed." });
export type GroupTrace = z.infer<typeof GroupTrace>;

export type ConditionTrace = GroupTrace;

export const ActionSummary = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("forward"),
    destinationIds: z.array(z.string()),
    bodyMode: z.enum(["original", "template"]),
    // Destinations already chosen earlier in this run, so not forwarded again.
    skippedDuplicates: z.array(z.string()).optional(),
    note: z.string().optional(),
  }),
  z.object({ type: z.literal("addTags"), tags: z.array(z.string()) }),
  z.object({ type: z.literal("setRouting"), fields: z.record(z.string(), z.string()) }),
  z.object({ type: z.literal("stop") }),
  z.object({ type: z.literal("ignore") }),
  z.object({ type: z.literal("invalid"), note: z.string() }),
]);
export type ActionSummary = z.infer<typeof ActionSummary>;

export const RuleTrace = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  ruleVersion: z.number().int().nullable(),
  enabled: z.boolean(),
  matched: z.boolean(),
  // Why the rule was not evaluated.
  skipped: z.enum(["disabled", "notReached"]).optional(),
  // Absent when the rule was skipped.
  conditions: GroupTrace.optional(),
  actionsRun: z.array(ActionSummary),
  // This rule ended the chain (`stop` or `ignore`).
  stopped: z.boolean().optional(),
  // This rule ignored the event.
  ignored: z.boolean().optional(),
});
export type RuleTrace = z.infer<typeof RuleTrace>;

export const ForwardBodyResult = z.discriminatedUnion("mode", [z.object({ mode: z.literal("original") }), z.object({ mode: z.literal("template"), rendered: z.string() })]);
export type ForwardBodyResult = z.infer<typeof ForwardBodyResult>;

export const ForwardResult = z.object({
  ruleId: z.string(),
  ruleVersion: z.number().int().nullable(),
  destinationId: z.string(),
  body: ForwardBodyResult,
});
export type ForwardResult = z.infer<typeof ForwardResult>;

export const Outcome = z.enum(["routed", "ignored", "unmatched"]);
export type Outcome = z.infer<typeof Outcome>;

/** Routing fields (`team=billing`): set by rules, kept on the event and on each routing run. */
export const RoutingFields = z.record(z.string(), z.string());
export type RoutingFields = z.infer<typeof RoutingFields>;

export const RuleEvaluationResult = z.object({
  outcome: Outcome,
  tags: z.array(z.string()),
  routing: RoutingFields,
  forwards: z.array(ForwardResult),
  // One entry per rule, in order; empty when run with `{ trace: false }`.
  trace: z.array(RuleTrace),
});
export type RuleEvaluationResult = z.infer<typeof RuleEvaluationResult>;
