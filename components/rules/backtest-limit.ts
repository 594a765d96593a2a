// The "at most" box of both backtest panels: the same bound the server checks
// (lib/rules/backtest.ts, lib/rules/backtest-chain.ts), kept here because those load the database.
export const BACKTEST_MAX_EVENTS = 100_000;

/** Why the typed limit cannot be sent, or null when it can. */
export function backtestLimitError(limit: number): string | null {
  return !Number.isInteger(limit) || limit < 1 || limit > BACKTEST_MAX_EVENTS ? `Enter a whole number from 1 to ${BACKTEST_MAX_EVENTS.toLocaleString("en")}` : null;
}
