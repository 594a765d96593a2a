// The retry schedule as operators write it: a comma list of delays like "5s, 5m, 30m, 2h". Pure
// (no server imports), so the forms can use it in the browser too.
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DELAY = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?$/i;

/** 5 → "5s", 300 → "5m", 7200 → "2h", 90 → "90s". */
export function formatDelay(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

export function formatRetrySchedule(schedule: readonly number[]): string {
  return schedule.map(formatDelay).join(", ");
}

export type ParsedRetrySchedule = { ok: true; seconds: number[] } | { ok: false; message: string };

/** "5s, 5m, 2h" → [5, 300, 7200]. Empty means no retries. A bare number is seconds. */
export function parseRetrySchedule(text: string): ParsedRetrySchedule {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, seconds: [] };
  const seconds: number[] = [];
  const parts = trimmed.split(",");
  for (const [index, raw] of parts.entries()) {
    const part = raw.trim();
    const match = DELAY.exec(part);
    if (!match) {
      return { ok: false, message: part === "" ? `Delay ${index + 1} is empty` : `“${part}” is not a delay; write e.g. 30s, 5m, 2h or 1d` };
    }
    const unit = UNITS[(match[2] ?? "s").charAt(0).toLowerCase()] ?? 1;
    const value = Math.round(Number(match[1]) * unit);
    if (value < 1) return { ok: false, message: `“${part}” is shorter than one second` };
    seconds.push(value);
  }
  return { ok: true, seconds };
}
