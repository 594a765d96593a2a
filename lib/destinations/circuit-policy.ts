// The circuit breaker's rules and words (the engine applies them in lib/pipeline/dispatch/attempt-delivery.ts
// and probe-destination.ts). Pure (no server imports), so the UI can use it too.
//
// Closed: deliveries flow. It opens when the endpoint has been failing without a single 2xx for at
// least `openAfterSeconds` AND over at least `minFailures` attempts in a row: a time window, so a
// burst of failures in a few seconds (a deploy, a blip) never opens it however many deliveries it
// hits, and a count, so two failures an hour apart are not "sustained". Open: deliveries are held
// (not sent, not charged an attempt) and one probe at a time makes one real attempt, first 10 s
// after opening, then 20 s, 40 s, and every 60 s after that. A probe that succeeds closes it and
// the backlog drains gradually. The 60 s cap bounds the wait after the endpoint recovers: about a
// minute plus one request, well inside the two minutes we aim for.
export const CIRCUIT_STATES = ["closed", "open"] as const;
export type CircuitStateName = (typeof CIRCUIT_STATES)[number];

export interface CircuitPolicy {
  /** How long the endpoint must have been failing, without a single success, before the circuit opens. */
  openAfterSeconds: number;
  /** How many attempts in a row must have failed by then. */
  minFailures: number;
}

/** Per instance: CIRCUIT_OPEN_AFTER_SECONDS and CIRCUIT_MIN_FAILURES (lib/env.ts) override these. */
export const DEFAULT_CIRCUIT_POLICY: CircuitPolicy = { openAfterSeconds: 60, minFailures: 10 };

/** Seconds before each probe while open: the n-th failed probe (from 0) waits the n-th, the last repeats. */
export const PROBE_INTERVALS_SECONDS = [10, 20, 40, 60] as const;

export function probeDelaySeconds(probesFailed: number): number {
  const index = Math.min(Math.max(0, probesFailed), PROBE_INTERVALS_SECONDS.length - 1);
  return PROBE_INTERVALS_SECONDS[index] ?? 60;
}

/** After a failed attempt of a closed circuit: has the endpoint failed long enough, and often enough? */
export function shouldOpenCircuit({
  consecutiveFailures,
  failingSince,
  now,
  policy,
}: {
  consecutiveFailures: number;
  failingSince: Date | null;
  now: Date;
  policy: CircuitPolicy;
}): boolean {
  if (failingSince === null || consecutiveFailures < policy.minFailures) return false;
  return now.getTime() - failingSince.getTime() >= policy.openAfterSeconds * 1000;
}

/** 45 → "45 s", 75 → "75 s", 150 → "2 min 30 s", 3600 → "1 h", 5400 → "1 h 30 min". */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 120) return `${whole} s`;
  if (whole < 3600) {
    const rest = whole % 60;
    return `${Math.floor(whole / 60)} min${rest > 0 ? ` ${rest} s` : ""}`;
  }
  if (whole < 86_400) {
    const minutes = Math.floor((whole % 3600) / 60);
    return `${Math.floor(whole / 3600)} h${minutes > 0 ? ` ${minutes} min` : ""}`;
  }
  return `${Math.floor(whole / 86_400)} d`;
}

/** "failing for 75 s, 42 attempts in a row (last: HTTP 503)". */
export function circuitOpenedReason({ failingForSeconds, failures, last }: { failingForSeconds: number; failures: number; last: string }): string {
  return `failing for ${formatSeconds(failingForSeconds)}, ${failures.toLocaleString("en")} attempt${failures === 1 ? "" : "s"} in a row (last: ${last})`;
}

/** "probe failed: connection refused; next probe in 40 s". */
export function probeFailedReason({ last, nextInSeconds }: { last: string; nextInSeconds: number }): string {
  return `probe failed: ${last}; next probe in ${formatSeconds(nextInSeconds)}`;
}

/** "probe succeeded: HTTP 200". */
export function probeSucceededReason(last: string): string {
  return `probe succeeded: ${last}`;
}

export const NOTHING_TO_PROBE_REASON = "nothing waiting to probe with";
