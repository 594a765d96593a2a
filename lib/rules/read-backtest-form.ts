// Reads the builder's backtest request (the draft's conditions, how many recent events, the saved
// rule to compare with) into BacktestInput.
import { addIssues, placeByPath, type FormReading } from "@/lib/forms/form-result";
import type { RuleCheckFailure } from "@/lib/rules/action-results";
import { BacktestInput } from "@/lib/rules/backtest";

export function readBacktestForm({
  conditions,
  limit,
  ruleId,
}: {
  conditions: unknown;
  limit: number;
  ruleId: string | null;
}): FormReading<BacktestInput, string, RuleCheckFailure> {
  const parsed = BacktestInput.safeParse({ conditions, limit, ...(ruleId ? { ruleId } : {}) });
  if (parsed.success) return { ok: true, input: parsed.data };
  const fieldErrors = addIssues({}, parsed.error, placeByPath());
  const limitError = fieldErrors.limit;
  return {
    ok: false,
    message: limitError ? `Number of events: ${limitError}` : "Complete the highlighted conditions to run a backtest.",
    fieldErrors,
  };
}
