// Why a destination is paused, told from its paused_reason: the engine writes one fixed form (a 410
// Gone), an operator writes anything else. Failing endpoints are not paused: their circuit opens
// (circuit-policy.ts), which heals itself. Pure (no server imports), so the UI can use it too.
export const GONE_REASON = "endpoint answered 410 Gone";

export const PAUSE_CAUSES = ["gone", "operator"] as const;
export type PauseCause = (typeof PAUSE_CAUSES)[number];

/** "HTTP 500", or the error class in words ("connection refused", "timeout"). */
export function attemptOutcomeLabel(responseStatus: number | null, errorClass: string | null): string {
  if (responseStatus !== null) return `HTTP ${responseStatus}`;
  return (errorClass ?? "error").replaceAll("_", " ");
}

export function pauseCause(state: "active" | "paused", pausedReason: string | null): PauseCause | null {
  if (state !== "paused") return null;
  if (pausedReason === GONE_REASON) return "gone";
  return "operator";
}
