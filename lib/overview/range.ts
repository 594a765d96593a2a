// The overview's time ranges (?range=hour|day|week) and how each is cut into chart buckets. Buckets
// are aligned to the Unix epoch in UTC (5-minute, hourly, 6-hourly), the last one holding "now".
import { z } from "zod";

export const OVERVIEW_RANGES = {
  hour: { label: "Last hour", bucketSeconds: 5 * 60, buckets: 12 },
  day: { label: "Last 24 hours", bucketSeconds: 60 * 60, buckets: 24 },
  week: { label: "Last 7 days", bucketSeconds: 6 * 60 * 60, buckets: 28 },
} as const;

export const OverviewRange = z.enum(["hour", "day", "week"]);
export type OverviewRange = z.infer<typeof OverviewRange>;

/** The range a ?range= value names; anything else is the default, a day. */
export function parseOverviewRange(value: unknown): OverviewRange {
  const parsed = OverviewRange.safeParse(value);
  return parsed.success ? parsed.data : "day";
}

export interface RangeWindow {
  /** Start of the first bucket. */
  from: Date;
  /** End of the last bucket (just after now). */
  to: Date;
  bucketSeconds: number;
  /** Each bucket's start, oldest first. */
  starts: Date[];
}

export function rangeWindow(range: OverviewRange, now: Date): RangeWindow {
  const { bucketSeconds, buckets } = OVERVIEW_RANGES[range];
  const step = bucketSeconds * 1000;
  const current = Math.floor(now.getTime() / step) * step;
  const starts = Array.from({ length: buckets }, (_, index) => new Date(current - (buckets - 1 - index) * step));
  return { from: starts[0]!, to: new Date(current + step), bucketSeconds, starts };
}
