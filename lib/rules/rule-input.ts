// What an operator saves for a rule (the builder's form and /api/v1/sources/{id}/rules). The id
// and version are the server's; everything else is validated by the engine's own schemas.
import { z } from "zod";
import { actionSchema, conditionGroupSchema, ruleSchema } from "@/lib/rules/schema";
import { unknownConditionKeys } from "@/lib/rules/unknown-keys";

/** A condition tree as a client sends it: a key a condition or group does not take is refused, named. */
export const ConditionsInput = z
  .unknown()
  .superRefine((input, ctx) => {
    for (const { path, message } of unknownConditionKeys(input)) ctx.addIssue({ code: "custom", path, message });
  })
  .pipe(conditionGroupSchema)
  .meta({ documentedAs: "RuleConditionGroup" });

export const RuleInput = z
  .strictObject({
    name: z.string(),
    enabled: z.boolean().default(true),
    conditions: ConditionsInput,
    actions: z.array(actionSchema),
  })
  .superRefine((value, ctx) => {
    // Reuse the engine's rule-level checks (names, action order, ignore vs forward).
    const checked = ruleSchema.safeParse({ ...value, id: "draft" });
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ ...issue, code: "custom", message: issue.message });
  });
export type RuleInput = z.input<typeof RuleInput>;

export const ReorderRulesInput = z.strictObject({ ruleIds: z.array(z.uuid()).min(1).max(500) });
