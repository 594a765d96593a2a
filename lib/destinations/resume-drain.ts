// How fast waiting deliveries are sent again after a resume (resume-destination.ts) or when a
// circuit closes (close-circuit.ts), and how that is told to the operator. Pure (no server imports), so the UI can use it too.

/**
 * Waiting deliveries sent per second after a resume, when the destination has no rate limit of its
 * own. A receiver that was down is often just back and cold (caches, autoscaling, connection
 * pools): 5 a second (300 a minute) is gentle for a small service, yet drains 1,000 waiting
 * deliveries in under 4 minutes. Set a rate limit on the destination to drain faster or slower.
 */
export const DEFAULT_DRAIN_PER_SECOND = 5;

export function drainRatePerSecond(rateLimitPerSecond: number | null): number {
  return rateLimitPerSecond ?? DEFAULT_DRAIN_PER_SECOND;
}

/** Roughly how long `count` deliveries take to send at `perSecond`. */
export function drainSeconds(count: number, perSecond: number): number {
  return count / perSecond;
}

/** 12 → "12 seconds", 240 → "4 minutes", 5400 → "1.5 hours". */
export function formatApproxDuration(seconds: number): string {
  const plural = (value: number, unit: string) => `${value.toLocaleString("en")} ${unit}${value === 1 ? "" : "s"}`;
  if (seconds < 59.5) return plural(Math.max(1, Math.round(seconds)), "second");
  if (seconds < 3570) return plural(Math.round(seconds / 60), "minute");
  return plural(Math.round(seconds / 360) / 10, "hour");
}

/** "Resumed: 1,200 waiting deliveries will be sent over about 4 minutes." */
export function resumedMessage(requeued: number, seconds: number, circuitOpen = false): string {
  if (circuitOpen) return "Resumed. Its endpoint was failing, so Switchyard probes it now; the waiting deliveries go out gradually once a probe succeeds.";
  if (requeued === 0) return "Resumed. No deliveries were waiting.";
  if (requeued === 1) return "Resumed: the 1 waiting delivery is being sent now.";
  return `Resumed: ${requeued.toLocaleString("en")} waiting deliveries will be sent over about ${formatApproxDuration(seconds)}.`;
}
