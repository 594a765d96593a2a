// Pure helpers for the overview's SVG charts: a rounded axis scale and bucket labels (UTC, so the
// server-rendered markup does not depend on anyone's clock or zone).
import type { OverviewRange } from "@/lib/overview/range";

/** A y axis from 0 with 2–5 round ticks (1, 2 or 5 × 10ⁿ apart) covering max. */
export function niceScale(max: number): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  return { top, ticks };
}

const time = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const day = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "short", day: "numeric" });

/** Whether a bucket gets an axis label: every 10 min, every 3 h, or every midnight. */
export function isLabelled(range: OverviewRange, start: Date): boolean {
  if (range === "hour") return start.getUTCMinutes() % 10 === 0;
  if (range === "day") return start.getUTCHours() % 3 === 0;
  return start.getUTCHours() === 0;
}

export function axisLabel(range: OverviewRange, start: Date): string {
  return range === "week" ? day.format(start) : time.format(start);
}

/** "12:00–13:00 UTC", or with the date for a week: "10 Mar 06:00–12:00 UTC". */
export function bucketTitle(range: OverviewRange, start: Date, bucketSeconds: number): string {
  const end = new Date(start.getTime() + bucketSeconds * 1000);
  const span = `${time.format(start)}–${time.format(end)} UTC`;
  return range === "week" ? `${day.format(start)} ${span}` : span;
}

/** "just now", "42 s", "7 min", "3 h", "2 d": how long ago, for queue ages. */
export function formatAge(seconds: number): string {
  if (seconds < 1) return "under 1 s";
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}
