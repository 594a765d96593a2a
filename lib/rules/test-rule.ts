// The builder's live test panel: runs a draft rule on one stored event (or pasted JSON) and says
// which conditions passed or failed, and what its actions would do.
import { z } from "zod";
import { db } from "@/lib/db";
import { readEventHeaders } from "@/lib/event-headers";
import { evaluateConditions, evaluateRules } from "@/lib/rules/evaluate";
import { RuleInput } from "@/lib/rules/rule-input";
import { GroupTrace, RuleEvaluationResult } from "@/lib/rules/trace-schema";
import type { EvaluationContext } from "@/lib/rules/types";

export const TestRuleInput = z.strictObject({
  rule: RuleInput,
  sample: z.union([z.strictObject({ eventId: z.uuid() }), z.strictObject({ payload: z.unknown(), headers: z.record(z.string(), z.string()).default({}), eventType: z.string().nullable().default(null) })]),
});
export type TestRuleInput = z.input<typeof TestRuleInput>;

export const TestRuleResult = z
  .object({
    matched: z.boolean(),
    conditions: GroupTrace,
    run: RuleEvaluationResult.describe("What the rule's actions would do: outcome, tags, routing fields and forwards."),
  })
  .describe("A draft rule run on one event.");
export type TestRuleResult = z.infer<typeof TestRuleResult>;

export async function testRule({ sourceId, input }: { sourceId: string; input: TestRuleInput }): Promise<TestRuleResult | null> {
  const { rule, sample } = TestRuleInput.parse(input);
  const source = await db().source.findUnique({ where: { id: sourceId }, select: { id: true, name: true } });
  if (!source) return null;
  let ctx: EvaluationContext;
  if ("eventId" in sample) {
    const event = await db().event.findFirst({ where: { id: sample.eventId, sourceId } });
    if (!event) return null;
    ctx = { event: { id: event.id, type: event.eventType, method: event.method, headers: readEventHeaders(event.headers, { eventId: event.id }), body: event.payload }, source };
  } else {
    const headers = Object.fromEntries(Object.entries(sample.headers).map(([name, value]) => [name.toLowerCase(), value]));
    ctx = { event: { id: "sample", type: sample.eventType, method: "POST", headers, body: sample.payload ?? null }, source };
  }
  const { matched, trace } = evaluateConditions(rule.conditions, ctx);
  const run = evaluateRules([{ ...rule, id: "draft" }], ctx, { trace: true });
  return { matched, conditions: trace, run };
}
