// How fast waiting deliveries are sent again after a resume (resume-destination.ts) or when a
// circuit closes (close-circuit.ts), and how that is told to the operator. Pure (no server imports), so the UI can use it too.

/**
 * How fast waiting deliveries go out again after a resume or a circuit closing. A receiver that was
 * down is often just back and cold (caches, autoscaling, connection pools), so without a rate limit
 * of its own the drain starts gently, 5 a second, and doubles its pace every 10 s while the
 * destination takes it (a slow start): 10 waiting deliveries take about 2 s, 1,000 about 39 s,
 * 10,000 about 71 s. A fixed gentle pace would keep a busy destination's backlog of thousands
 * waiting for half an hour. A destination with a rate limit drains at that limit, evenly.
 */
export const DEFAULT_DRAIN_PER_SECOND = 5;
export const DRAIN_DOUBLING_SECONDS = 10;

export interface DrainPace {
  /** Deliveries per second at the start. */
  perSecond: number;
  /** Seconds for the pace to double; null keeps it even. */
  doublingSeconds: number | null;
}

export function drainPace(rateLimitPerSecond: number | null): DrainPace {
  return rateLimitPerSecond === null
    ? { perSecond: DEFAULT_DRAIN_PER_SECOND, doublingSeconds: DRAIN_DOUBLING_SECONDS }
    : { perSecond: rateLimitPerSecond, doublingSeconds: null };
}

/**
 * Seconds after the drain starts at which the delivery at `position` (from 0) is due. With a pace
 * r₀·2^(t/T), the deliveries sent by t number r₀·T/ln2·(2^(t/T) − 1); solved for t.
 */
export function drainOffsetSeconds(position: number, { perSecond, doublingSeconds }: DrainPace): number {
  if (doublingSeconds === null) return position / perSecond;
  return doublingSeconds * Math.log2(1 + (position * Math.LN2) / (perSecond * doublingSeconds));
}

/** Roughly how long `count` waiting deliveries take to go out. */
export function drainSeconds(count: number, pace: DrainPace): number {
  return drainOffsetSeconds(count, pace);
}

/** "5 a second, doubling every 10 s" / "12 a second (its rate limit)", for the UI. */
export function describeDrainPace(pace: DrainPace): string {
  return pace.doublingSeconds === null
    ? `${pace.perSecond.toLocaleString("en")} a second (its rate limit)`
    : `${pace.perSecond.toLocaleString("en")} a second at first, doubling every ${pace.doublingSeconds} s`;
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
