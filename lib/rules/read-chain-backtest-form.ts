// Reads a whole-chain backtest request from the rules list (window) or the rule builder (window and
// the draft in place) into ChainBacktestInput, with a message that says what to fix.
import { addIssues, placeByPath, type FormReading } from "@/lib/forms/form-result";
import type { RuleCheckFailure } from "@/lib/rules/action-results";
import { ChainBacktestInput } from "@/lib/rules/backtest-chain";

export function readChainBacktestForm({ request }: { request: unknown }): FormReading<ChainBacktestInput, string, RuleCheckFailure> {
  const parsed = ChainBacktestInput.safeParse(request);
  if (parsed.success) return { ok: true, input: parsed.data };
  const fieldErrors = addIssues({}, parsed.error, placeByPath());
  const draftProblem = Object.entries(fieldErrors).find(([field]) => field.startsWith("draft."));
  const message = fieldErrors.limit
    ? `Number of events: ${fieldErrors.limit}`
    : fieldErrors.period
      ? "Choose the last hour, day, week or all stored events."
      : draftProblem
        ? `Complete the rule to backtest the chain with it: ${draftProblem[1]} (${draftProblem[0].replace(/^draft\.rule\./, "")}).`
        : "This backtest request is not valid.";
  return { ok: false, message, fieldErrors };
}
