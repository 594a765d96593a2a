// How health figures read in the UI. Pure, for server and client components alike.

/** 0.6 → "60%", 4/7 → "57.1%", 0.9996 → "99.9%" (never rounded up to a perfect 100%). */
export function formatSuccessRate(rate: number | null): string {
  if (rate === null) return "–";
  if (rate === 1) return "100%";
  const tenths = Math.floor(rate * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** 230 → "230 ms", 1520 → "1.5 s". */
export function formatLatency(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Green from 99%, amber from 90%, red below. */
export function successTone(rate: number | null): "green" | "amber" | "red" | "gray" {
  if (rate === null) return "gray";
  if (rate >= 0.99) return "green";
  if (rate >= 0.9) return "amber";
  return "red";
}
