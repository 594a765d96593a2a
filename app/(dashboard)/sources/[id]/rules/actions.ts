"use server";
// Server actions for a source's routing rules. Each checks the session, reads the builder's draft
// with a lib/rules reader, calls one lib function and answers with a lib/rules/action-results.ts
// type (field errors keyed by the zod issue path, e.g. "conditions.rules.0.value").
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { formFailure, type ActionResult } from "@/lib/forms/form-result";
import type { BacktestOutcome, ChainBacktestOutcome, SaveRuleResult, TestRuleOutcome } from "@/lib/rules/action-results";
import { backtestRule } from "@/lib/rules/backtest";
import { backtestChain, DraftRuleNotFoundError } from "@/lib/rules/backtest-chain";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";
import { createRule } from "@/lib/rules/create-rule";
import { deleteRule } from "@/lib/rules/delete-rule";
import { listEventChoices, type EventChoice } from "@/lib/events/list-event-choices";
import { readBacktestForm } from "@/lib/rules/read-backtest-form";
import { readChainBacktestForm } from "@/lib/rules/read-chain-backtest-form";
import { readRuleForm } from "@/lib/rules/read-rule-form";
import { readRuleTestForm, type RuleTestDraft } from "@/lib/rules/read-rule-test-form";
import { reorderRules } from "@/lib/rules/reorder-rules";
import { rollbackRule } from "@/lib/rules/rollback-rule";
import { ReorderRulesInput } from "@/lib/rules/rule-input";
import { testRule } from "@/lib/rules/test-rule";
import { updateRule } from "@/lib/rules/update-rule";

const UUID = z.uuid();

function revalidateRules(sourceId: string, ruleId?: string) {
  revalidatePath(`/sources/${sourceId}/rules`);
  revalidatePath(`/sources/${sourceId}`);
  if (ruleId) revalidatePath(`/sources/${sourceId}/rules/${ruleId}`);
}

// The test panel's event search: the source's events whose summary contains the text.
export async function findTestEventsAction(sourceId: string, search: string): Promise<EventChoice[]> {
  await requireUser();
  if (!UUID.safeParse(sourceId).success || typeof search !== "string") return [];
  return listEventChoices({ sourceId, search });
}

// Save a new rule from the builder.
export async function createRuleAction(sourceId: string, input: unknown): Promise<SaveRuleResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.manage" });
  if (refused) return refused;
  if (!UUID.safeParse(sourceId).success) return formFailure({}, "Unknown source.");
  const read = readRuleForm({ draft: input });
  if (!read.ok) return read;
  try {
    const rule = await createRule({ sourceId, input: read.input, actor: actorOf(user) });
    if (!rule) return formFailure({}, "This source no longer exists.");
    revalidateRules(sourceId, rule.id);
    return { ok: true, ruleId: rule.id, version: rule.version };
  } catch (error) {
    if (error instanceof RuleValidationError) return formFailure({ [error.path.join(".")]: error.message });
    throw error;
  }
}

// Save a rule from the builder as its next version.
export async function updateRuleAction(sourceId: string, ruleId: string, input: unknown): Promise<SaveRuleResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.manage" });
  if (refused) return refused;
  if (!UUID.safeParse(ruleId).success) return formFailure({}, "Unknown rule.");
  const read = readRuleForm({ draft: input });
  if (!read.ok) return read;
  try {
    const rule = await updateRule({ ruleId, input: read.input, actor: actorOf(user) });
    if (!rule) return formFailure({}, "This rule no longer exists.");
    revalidateRules(sourceId, rule.id);
    return { ok: true, ruleId: rule.id, version: rule.version };
  } catch (error) {
    if (error instanceof RuleValidationError) return formFailure({ [error.path.join(".")]: error.message });
    throw error;
  }
}

// The list's enabled switch: saves the rule's content with `enabled` flipped (a new version).
export async function setRuleEnabledAction(sourceId: string, ruleId: string, input: unknown): Promise<ActionResult> {
  const outcome = await updateRuleAction(sourceId, ruleId, input);
  if (outcome.ok) return { ok: true };
  return { ok: false, message: outcome.message ?? Object.values(outcome.fieldErrors)[0] ?? "Could not save the rule." };
}

// The list's drag-and-drop order.
export async function reorderRulesAction(sourceId: string, ruleIds: string[]): Promise<ActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.manage" });
  if (refused) return refused;
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

// Delete a rule (with its versions).
export async function deleteRuleAction(sourceId: string, ruleId: string): Promise<ActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.manage" });
  if (refused) return refused;
  const deleted = await deleteRule({ ruleId, actor: actorOf(user) });
  if (!deleted) return { ok: false, message: "This rule no longer exists." };
  revalidateRules(sourceId);
  return { ok: true };
}

// Restore an earlier version (saved as the next one).
export async function rollbackRuleAction(sourceId: string, ruleId: string, version: number): Promise<SaveRuleResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.manage" });
  if (refused) return refused;
  if (!Number.isInteger(version) || version < 1) return formFailure({}, "Unknown version.");
  try {
    const rule = await rollbackRule({ ruleId, version, actor: actorOf(user) });
    if (!rule) return formFailure({}, "This version no longer exists.");
    revalidateRules(sourceId, ruleId);
    return { ok: true, ruleId: rule.id, version: rule.version };
  } catch (error) {
    if (error instanceof RuleValidationError) return formFailure({}, `This version can no longer be restored: ${error.message}`);
    throw error;
  }
}

// The live test: runs the draft (unsaved) rule on one stored event or pasted JSON.
export async function testRuleAction(sourceId: string, draft: RuleTestDraft, sample: unknown): Promise<TestRuleOutcome> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.test" });
  if (refused) return refused;
  const read = readRuleTestForm({ draft, sample });
  if (!read.ok) return read;
  const result = await testRule({ sourceId, input: read.input });
  if (!result) return { ok: false, message: "That event is no longer stored for this source.", fieldErrors: {} };
  return { ok: true, result, actionsPreviewed: read.actionsPreviewed };
}

// Backtest: the draft's conditions over the source's last N stored events.
export async function backtestRuleAction(sourceId: string, conditions: unknown, limit: number, ruleId: string | null): Promise<BacktestOutcome> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.test" });
  if (refused) return refused;
  const read = readBacktestForm({ conditions, limit, ruleId });
  if (!read.ok) return read;
  const result = await backtestRule({ sourceId, input: read.input });
  if (!result) return { ok: false, message: "This source no longer exists.", fieldErrors: {} };
  return { ok: true, result };
}

// Whole-chain backtest: all the source's rules (with the builder's draft in place, if any) over a window of stored events.
export async function backtestChainAction(sourceId: string, request: unknown): Promise<ChainBacktestOutcome> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "rule.test" });
  if (refused) return refused;
  const read = readChainBacktestForm({ request });
  if (!read.ok) return read;
  try {
    const result = await backtestChain({ sourceId, input: read.input });
    if (!result) return { ok: false, message: "This source no longer exists.", fieldErrors: {} };
    return { ok: true, result };
  } catch (error) {
    if (error instanceof DraftRuleNotFoundError) return { ok: false, message: error.message, fieldErrors: {} };
    throw error;
  }
}
