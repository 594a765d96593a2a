// Why a destination is paused, told from its paused_reason: the engine writes two fixed forms (a
// 410 Gone, or N failed attempts in a row), an operator writes anything else. Pure (no server
// imports), so the UI can use it too.
export const GONE_REASON = "endpoint answered 410 Gone";

export const PAUSE_CAUSES = ["consecutive_failures", "gone", "operator"] as const;
export type PauseCause = (typeof PAUSE_CAUSES)[number];

const AUTO_PAUSE = /^Paused automatically after \d+ consecutive failed attempts? \(last: /;

/** "HTTP 500", or the error class in words ("connection refused", "timeout"). */
export function attemptOutcomeLabel(responseStatus: number | null, errorClass: string | null): string {
  if (responseStatus !== null) return `HTTP ${responseStatus}`;
  return (errorClass ?? "error").replaceAll("_", " ");
}

export function autoPauseReason(failures: number, last: string): string {
  return `Paused automatically after ${failures} consecutive failed attempt${failures === 1 ? "" : "s"} (last: ${last})`;
}

export function pauseCause(state: "active" | "paused", pausedReason: string | null): PauseCause | null {
  if (state !== "paused") return null;
  if (pausedReason === GONE_REASON) return "gone";
  if (pausedReason !== null && AUTO_PAUSE.test(pausedReason)) return "consecutive_failures";
  return "operator";
}
