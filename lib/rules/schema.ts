// Routing rules: zod schemas and their types. The same schemas validate the API and the UI form.
//
// The condition tree uses react-querybuilder's shape (RuleGroupType / RuleType):
//   group:     { id?, combinator: "and" | "or", not?, disabled?, rules: (Condition | Group)[] }
//   condition: { id?, field, operator, value?, valueSource?: "value", disabled? }
// Extra react-querybuilder keys (`path`, `muted`, ...) are accepted and stripped. Disabled
// conditions/groups are kept but skipped by the evaluator. Operator semantics: ./operators.ts.
// Field syntax: ./fields.ts. Template syntax: ./template.ts.

import { z } from "zod";
import { RULE_LIMITS } from "./limits";
import { OPERATORS, validateOperatorValue, type Operator } from "./operators";
import { parseField } from "./fields";
import { validateJsonTemplate, validateTextTemplate } from "./template";


// ---------------------------------------------------------------------------------------------
// Conditions

const operatorSchema = z.enum(OPERATORS, {
  error: (issue) => `Unknown operator "${String(issue.input)}"`,
});

const fieldSchema = z
  .string({ error: "Choose a field" })
  .min(1, "Choose a field")
  .max(RULE_LIMITS.maxFieldLength, `Field is too long (maximum ${RULE_LIMITS.maxFieldLength} characters)`)
  .superRefine((field, ctx) => {
    const parsed = parseField(field);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
  });

const nodeIdSchema = z.string().max(RULE_LIMITS.maxIdLength).optional();

export interface Condition {
  id?: string;
  field: string;
  operator: Operator;
  value?: unknown;
  valueSource?: "value";
  disabled?: boolean;
}

export interface ConditionGroup {
  id?: string;
  combinator: "and" | "or";
  not?: boolean;
  disabled?: boolean;
  rules: Array<Condition | ConditionGroup>;
}

export const conditionSchema: z.ZodType<Condition> = z
  .object({
    id: nodeIdSchema,
    field: fieldSchema,
    operator: operatorSchema,
    value: z.unknown().optional(),
    valueSource: z
      .literal("value", { error: "Comparing with another field is not supported; use a fixed value" })
      .optional(),
    disabled: z.boolean().optional(),
  })
  .superRefine((condition, ctx) => {
    const error = validateOperatorValue(condition.operator, condition.value);
    if (error) ctx.addIssue({ code: "custom", message: error, path: ["value"] });
  });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isGroupLike(value: unknown): boolean {
  return isPlainObject(value) && "rules" in value;
}

// A group's children are either conditions or groups. A plain z.union would report both
// alternatives' failures for every invalid child; dispatching on the presence of `rules`
// (react-querybuilder's own test) reports only the relevant errors, at the right paths.
const ruleNodeSchema = z.unknown().transform((input, ctx): Condition | ConditionGroup => {
  const result = isGroupLike(input) ? groupObjectSchema.safeParse(input) : conditionSchema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  }
  return z.NEVER;
}) as unknown as z.ZodType<Condition | ConditionGroup, Condition | ConditionGroup>;

const groupObjectSchema: z.ZodType<ConditionGroup> = z.object({
  id: nodeIdSchema,
  combinator: z.enum(["and", "or"], { error: 'Combinator must be "and" or "or"' }),
  not: z.boolean().optional(),
  disabled: z.boolean().optional(),
  rules: z.array(ruleNodeSchema, { error: "rules must be a list" }),
});

/**
 * Walks the raw tree iteratively before the recursive parse, so an absurdly deep or large
 * tree is rejected with a clear message instead of exhausting the stack.
 */
function checkTreeLimits(input: unknown, ctx: z.RefinementCtx) {
  let conditions = 0;
  let groups = 0;
  const stack: Array<{ node: unknown; depth: number; path: PropertyKey[] }> = [{ node: input, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (!isGroupLike(node)) {
      conditions++;
      continue;
    }
    groups++;
    if (depth > RULE_LIMITS.maxDepth) {
      ctx.addIssue({
        code: "custom",
        message: `Groups are nested too deeply (maximum depth ${RULE_LIMITS.maxDepth})`,
        path,
      });
      return;
    }
    const rules = (node as { rules: unknown }).rules;
    if (!Array.isArray(rules)) continue;
    for (let i = 0; i < rules.length; i++)
      stack.push({ node: rules[i], depth: depth + 1, path: [...path, "rules", i] });
  }
  if (conditions > RULE_LIMITS.maxConditions) {
    ctx.addIssue({
      code: "custom",
      message: `Too many conditions: ${conditions} (maximum ${RULE_LIMITS.maxConditions})`,
      path: ["rules"],
    });
  }
  if (groups > RULE_LIMITS.maxGroups) {
    ctx.addIssue({
      code: "custom",
      message: `Too many groups: ${groups} (maximum ${RULE_LIMITS.maxGroups})`,
      path: ["rules"],
    });
  }
}

/** A rule's condition tree (the root group), with tree-wide limits. */
export const conditionGroupSchema = z
  .unknown()
  .superRefine((input, ctx) => {
    if (!isPlainObject(input) || !("rules" in input)) {
      ctx.addIssue({ code: "custom", message: "Conditions must be a group with a combinator and rules" });
      return;
    }
    checkTreeLimits(input, ctx);
  })
  .pipe(groupObjectSchema)
  // Its parse goes through transforms JSON Schema cannot express: the API's document describes
  // what a client sends by the same tree as answered (lib/rules/rule-view.ts).
  .meta({ documentedAs: "RuleConditionGroup" }) as unknown as z.ZodType<ConditionGroup, ConditionGroup>;

// ---------------------------------------------------------------------------------------------
// Actions (strict: a key an action does not take is refused, not dropped)

const destinationIdSchema = z.string().min(1, "Destination id is required").max(RULE_LIMITS.maxIdLength);

export const forwardBodySchema = z.discriminatedUnion(
  "mode",
  [
    z.strictObject({ mode: z.literal("original") }),
    z.strictObject({
      mode: z.literal("template"),
      template: z
        .string()
        .min(1, "Enter a JSON template")
        .max(
          RULE_LIMITS.maxTemplateLength,
          `Template is too long (maximum ${RULE_LIMITS.maxTemplateLength} characters)`,
        )
        .superRefine((template, ctx) => {
          for (const message of validateJsonTemplate(template)) ctx.addIssue({ code: "custom", message });
        }),
    }),
  ],
  { error: 'Body mode must be "original" or "template"' },
);

const tagSchema = z
  .string()
  .trim()
  .min(1, "Tags cannot be empty")
  .max(RULE_LIMITS.maxTagLength, `Tags are at most ${RULE_LIMITS.maxTagLength} characters`);

const routingKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, "Routing keys may contain only letters, digits, _ and -")
  .max(RULE_LIMITS.maxRoutingKeyLength, `Routing keys are at most ${RULE_LIMITS.maxRoutingKeyLength} characters`)
  .refine((key) => key !== "__proto__", "This routing key is reserved");

const routingValueSchema = z
  .string()
  .max(RULE_LIMITS.maxRoutingValueLength, `Routing values are at most ${RULE_LIMITS.maxRoutingValueLength} characters`)
  .superRefine((template, ctx) => {
    for (const message of validateTextTemplate(template)) ctx.addIssue({ code: "custom", message });
  });

const forwardActionSchema = z.strictObject({
  type: z.literal("forward"),
  destinationIds: z
    .array(destinationIdSchema)
    .min(1, "Choose at least one destination")
    .max(RULE_LIMITS.maxDestinations, `At most ${RULE_LIMITS.maxDestinations} destinations`),
  body: forwardBodySchema.optional(),
});

const addTagsActionSchema = z.strictObject({
  type: z.literal("addTags"),
  tags: z
    .array(tagSchema)
    .min(1, "Add at least one tag")
    .max(RULE_LIMITS.maxTags, `At most ${RULE_LIMITS.maxTags} tags`),
});

const setRoutingActionSchema = z.strictObject({
  type: z.literal("setRouting"),
  fields: z.record(z.string(), routingValueSchema).superRefine((fields, ctx) => {
    const keys = Object.keys(fields);
    if (keys.length === 0) ctx.addIssue({ code: "custom", message: "Set at least one routing field" });
    if (keys.length > RULE_LIMITS.maxRoutingFields) {
      ctx.addIssue({ code: "custom", message: `At most ${RULE_LIMITS.maxRoutingFields} routing fields` });
    }
    for (const key of keys) {
      const result = routingKeySchema.safeParse(key);
      if (!result.success)
        ctx.addIssue({ code: "custom", message: result.error.issues[0]?.message ?? "Invalid key", path: [key] });
    }
  }),
});

const stopActionSchema = z.strictObject({ type: z.literal("stop") });
const ignoreActionSchema = z.strictObject({ type: z.literal("ignore") });

export const actionSchema = z.discriminatedUnion(
  "type",
  [forwardActionSchema, addTagsActionSchema, setRoutingActionSchema, stopActionSchema, ignoreActionSchema],
  { error: 'Action type must be one of "forward", "addTags", "setRouting", "stop", "ignore"' },
);

export type ForwardBody = z.infer<typeof forwardBodySchema>;
export type Action = z.infer<typeof actionSchema>;

// ---------------------------------------------------------------------------------------------
// Rules

export const ruleSchema = z
  .object({
    id: z.string().min(1, "Rule id is required").max(RULE_LIMITS.maxIdLength),
    name: z
      .string()
      .trim()
      .min(1, "Name is required")
      .max(RULE_LIMITS.maxNameLength, `Name is at most ${RULE_LIMITS.maxNameLength} characters`),
    enabled: z.boolean(),
    version: z.number().int().min(0).optional(),
    conditions: conditionGroupSchema,
    actions: z
      .array(actionSchema)
      .min(1, "Add at least one action")
      .max(RULE_LIMITS.maxActions, `At most ${RULE_LIMITS.maxActions} actions`),
  })
  .superRefine((rule, ctx) => {
    // `stop` / `ignore` end the rule chain, so they must come last; and an ignored event is
    // never delivered, so forwarding in the same rule is contradictory.
    const actions = rule.actions;
    actions.forEach((action, i) => {
      if ((action.type === "stop" || action.type === "ignore") && i !== actions.length - 1) {
        ctx.addIssue({
          code: "custom",
          message: `"${action.type}" must be the last action; later actions would never run`,
          path: ["actions", i],
        });
      }
    });
    const ignoreAt = actions.findIndex((a) => a.type === "ignore");
    const forwardAt = actions.findIndex((a) => a.type === "forward");
    if (ignoreAt >= 0 && forwardAt >= 0) {
      ctx.addIssue({
        code: "custom",
        message: "A rule that ignores the event cannot also forward it",
        path: ["actions", ignoreAt],
      });
    }
  });

export type Rule = z.infer<typeof ruleSchema>;

/** An ordered rule list (e.g. a source's routing table); ids must be unique. */
export const rulesSchema = z.array(ruleSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.id)) ctx.addIssue({ code: "custom", message: `Duplicate rule id "${rule.id}"`, path: [i, "id"] });
    seen.add(rule.id);
  });
});
