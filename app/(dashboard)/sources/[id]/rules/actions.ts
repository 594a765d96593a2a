"use server";
// Server actions for a source's routing rules. Each checks the session first, parses its input with
// the schemas from lib/rules, calls one lib function and answers with field errors (keyed by the
// zod issue path, e.g. "conditions.rules.0.value" or "actions.1.tags") or the outcome.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf } from "@/lib/audit/actor";
import { requireUser } from "@/lib/auth/session";
import { backtestRule, BacktestInput, type BacktestResult } from "@/lib/rules/backtest";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";
import { createRule } from "@/lib/rules/create-rule";
import { deleteRule } from "@/lib/rules/delete-rule";
import { reorderRules } from "@/lib/rules/reorder-rules";
import { rollbackRule } from "@/lib/rules/rollback-rule";
import { ReorderRulesInput, RuleInput } from "@/lib/rules/rule-input";
import { actionSchema, conditionGroupSchema } from "@/lib/rules/schema";
import { testRule, TestRuleInput, type TestRuleResult } from "@/lib/rules/test-rule";
import { updateRule } from "@/lib/rules/update-rule";

/** zod issue path joined with dots ("actions.0.destinationIds") → message. */
export type RuleFieldErrors = Record<string, string>;

export type SaveRuleResult = { ok: true; ruleId: string; version: number } | { ok: false; message?: string; fieldErrors: RuleFieldErrors };
export type SimpleResult = { ok: true } | { ok: false; message: string };
export type TestRuleOutcome =
  | { ok: true; result: TestRuleResult; actionsPreviewed: boolean }
  | { ok: false; message: string; fieldErrors: RuleFieldErrors };
export type BacktestOutcome = { ok: true; result: BacktestResult } | { ok: false; message: string; fieldErrors: RuleFieldErrors };

const UUID = z.uuid();

function issuesToErrors(error: z.ZodError, prefix: Array<string | number> = []): RuleFieldErrors {
  const errors: RuleFieldErrors = {};
  for (const issue of error.issues) {
    const key = [...prefix, ...issue.path].map(String).join(".");
    errors[key || "form"] ??= issue.message;
  }
  return errors;
}

/** The rule-level checks (name, action order) only run once the tree parses; say a missing name at once too. */
function saveErrors(error: z.ZodError, input: unknown): RuleFieldErrors {
  const errors = issuesToErrors(error);
  const name = typeof input === "object" && input !== null ? (input as { name?: unknown }).name : undefined;
  if (typeof name !== "string" || name.trim() === "") errors.name ??= "Name is required";
  return errors;
}

function revalidateRules(sourceId: string, ruleId?: string) {
  revalidatePath(`/sources/${sourceId}/rules`);
  revalidatePath(`/sources/${sourceId}`);
  if (ruleId) revalidatePath(`/sources/${sourceId}/rules/${ruleId}`);
}

export async function createRuleAction(sourceId: string, input: unknown): Promise<SaveRuleResult> {
  const user = await requireUser();
  if (!UUID.safeParse(sourceId).success) return { ok: false, message: "Unknown source.", fieldErrors: {} };
  const parsed = RuleInput.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: saveErrors(parsed.error, input) };
  try {
    const rule = await createRule({ sourceId, input: parsed.data, actor: actorOf(user) });
    if (!rule) return { ok: false, message: "This source no longer exists.", fieldErrors: {} };
    revalidateRules(sourceId, rule.id);
    return { ok: true, ruleId: rule.id, version: rule.version };
  } catch (error) {
    if (error instanceof RuleValidationError) return { ok: false, fieldErrors: { [error.path.join(".")]: error.message } };
    throw error;
  }
}

export async function updateRuleAction(sourceId: string, ruleId: string, input: unknown): Promise<SaveRuleResult> {
  const user = await requireUser();
  if (!UUID.safeParse(ruleId).success) return { ok: false, message: "Unknown rule.", fieldErrors: {} };
  const parsed = RuleInput.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: saveErrors(parsed.error, input) };
  try {
    const rule = await updateRule({ ruleId, input: parsed.data, actor: actorOf(user) });
    if (!rule) return { ok: false, message: "This rule no longer exists.", fieldErrors: {} };
    revalidateRules(sourceId, rule.id);
    return { ok: true, ruleId: rule.id, version: rule.version };
  } catch (error) {
    if (error instanceof RuleValidationError) return { ok: false, fieldErrors: { [error.path.join(".")]: error.message } };
    throw error;
  }
}

/** The list's enabled switch: saves the rule's content with `enabled` flipped (a new version). */
export async function setRuleEnabledAction(sourceId: string, ruleId: string, input: unknown): Promise<SimpleResult> {
  const outcome = await updateRuleAction(sourceId, ruleId, input);
  if (outcome.ok) return { ok: true };
  return { ok: false, message: outcome.message ?? Object.values(outcome.fieldErrors)[0] ?? "Could not save the rule." };
}

export async function reorderRulesAction(sourceId: string, ruleIds: string[]): Promise<SimpleResult> {
  const user = await requireUser();
  const parsed = ReorderRulesInput.safeParse({ ruleIds });
  if (!parsed.success || !UUID.safeParse(sourceId).success) return { ok: false, message: "Invalid order." };
  try {
    if (!(await reorderRules({ sourceId, ruleIds: parsed.data.ruleIds, actor: actorOf(user) }))) return { ok: false, message: "This source no longer exists." };
  } catch (error) {
    if (error instanceof RuleValidationError) return { ok: false, message: `${error.message}. Reload the page: the rules changed meanwhile.` };
    throw error;
  }
  revalidateRules(sourceId);
  return { ok: true };
}

export async function deleteRuleAction(sourceId: string, ruleId: string): Promise<SimpleResult> {
  const user = await requireUser();
  const deleted = await deleteRule({ ruleId, actor: actorOf(user) });
  if (!deleted) return { ok: false, message: "This rule no longer exists." };
  revalidateRules(sourceId);
  return { ok: true };
}

export async function rollbackRuleAction(sourceId: string, ruleId: string, version: number): Promise<SaveRuleResult> {
  const user = await requireUser();
  if (!Number.isInteger(version) || version < 1) return { ok: false, message: "Unknown version.", fieldErrors: {} };
  try {
    const rule = await rollbackRule({ ruleId, version, actor: actorOf(user) });
    if (!rule) return { ok: false, message: "This version no longer exists.", fieldErrors: {} };
    revalidateRules(sourceId, ruleId);
    return { ok: true, ruleId: rule.id, version: rule.version };
  } catch (error) {
    if (error instanceof RuleValidationError) return { ok: false, message: `This version can no longer be restored: ${error.message}`, fieldErrors: {} };
    throw error;
  }
}

const PLACEHOLDER_NAME = "Draft rule";

/**
 * The live test: runs the draft (unsaved) rule on one stored event or pasted JSON. A draft
 * without a name or without valid actions is still tested on its conditions; the answer then
 * says the actions were not previewed.
 */
export async function testRuleAction(sourceId: string, draft: { name: string; enabled: boolean; conditions: unknown; actions: unknown[] }, sample: unknown): Promise<TestRuleOutcome> {
  await requireUser();
  const conditions = conditionGroupSchema.safeParse(draft.conditions);
  if (!conditions.success) return { ok: false, message: "Complete the highlighted conditions to test the rule.", fieldErrors: issuesToErrors(conditions.error, ["conditions"]) };
  const validActions = (Array.isArray(draft.actions) ? draft.actions : []).filter((action) => actionSchema.safeParse(action).success);
  let rule = { name: draft.name.trim() || PLACEHOLDER_NAME, enabled: true, conditions: conditions.data, actions: validActions };
  const actionsPreviewed = validActions.length > 0 && RuleInput.safeParse(rule).success;
  if (!actionsPreviewed) rule = { ...rule, actions: [{ type: "addTags", tags: ["(preview)"] }] };
  const input = TestRuleInput.safeParse({ rule, sample });
  if (!input.success) return { ok: false, message: input.error.issues[0]?.message ?? "Invalid test sample.", fieldErrors: {} };
  const result = await testRule({ sourceId, input: input.data });
  if (!result) return { ok: false, message: "That event is no longer stored for this source.", fieldErrors: {} };
  return { ok: true, result, actionsPreviewed };
}

export async function backtestRuleAction(sourceId: string, conditions: unknown, limit: number, ruleId: string | null): Promise<BacktestOutcome> {
  await requireUser();
  const parsed = BacktestInput.safeParse({ conditions, limit, ...(ruleId ? { ruleId } : {}) });
  if (!parsed.success) {
    const fieldErrors = issuesToErrors(parsed.error);
    const limitError = fieldErrors.limit;
    return { ok: false, message: limitError ? `Number of events: ${limitError}` : "Complete the highlighted conditions to run a backtest.", fieldErrors };
  }
  const result = await backtestRule({ sourceId, input: parsed.data });
  if (!result) return { ok: false, message: "This source no longer exists.", fieldErrors: {} };
  return { ok: true, result };
}
