// What the dashboard's rule actions answer (app/(dashboard)/sources/[id]/rules/actions.ts); the
// rule builder renders these. Field errors are keyed by the zod issue path, e.g.
// "conditions.rules.0.value" or "actions.1.tags".
import type { FormFailure, FormResult } from "@/lib/forms/form-result";
import type { BacktestResult } from "@/lib/rules/backtest";
import type { ChainBacktestResult } from "@/lib/rules/backtest-chain";
import type { TestRuleResult } from "@/lib/rules/test-rule";

/** A test or backtest that could not run: why, and the conditions to complete. */
export interface RuleCheckFailure extends FormFailure {
  message: string;
}

export type SaveRuleResult = FormResult<{ ruleId: string; version: number }>;
/** `actionsPreviewed`: false when the draft's actions were incomplete and only its conditions were tested. */
export type TestRuleOutcome = FormResult<
  { result: TestRuleResult; actionsPreviewed: boolean },
  string,
  RuleCheckFailure
>;
export type BacktestOutcome = FormResult<{ result: BacktestResult }, string, RuleCheckFailure>;
export type ChainBacktestOutcome = FormResult<{ result: ChainBacktestResult }, string, RuleCheckFailure>;
