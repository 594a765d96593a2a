// When to try a delivery again (pure). The destination's schedule lists the seconds to wait before
// each retry; its length is the number of retries. Delays get ±20% jitter so a burst of failures
// does not come back as a burst. An endpoint that answers 429 or 503 with Retry-After (seconds or an
// HTTP-date) is taken at its word, up to 24 hours. null: the schedule is used up.

export const RETRY_JITTER = 0.2;
export const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;
/**
 * No retry sooner than this. It also keeps two attempts of one delivery more than a second apart,
 * which the per-destination rate limit relies on (see attempt-delivery.ts).
 */
export const MIN_RETRY_DELAY_SECONDS = 1;

export interface NextRetryInput {
  /** The destination's retry schedule, in seconds. */
  schedule: readonly number[];
  /** The number of the attempt that just failed, 1 for the first. */
  attempt: number;
  /** HTTP status of that attempt, if it got an answer. */
  status?: number | null;
  /** Its Retry-After header, if any. */
  retryAfter?: string | null;
  now?: Date;
  /** [0, 1), like Math.random (injected by tests). */
  random?: () => number;
}

/** Seconds until the next attempt (millisecond resolution), or null when no retry is left. */
export function nextRetryDelay({ schedule, attempt, status, retryAfter, now = new Date(), random = Math.random }: NextRetryInput): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError("attempt counts from 1");
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  if ((status === 429 || status === 503) && retryAfter) {
    const asked = parseRetryAfter(retryAfter, now);
    if (asked !== null) return roundMs(Math.max(MIN_RETRY_DELAY_SECONDS, Math.min(asked, MAX_RETRY_AFTER_SECONDS)));
  }
  const factor = 1 + RETRY_JITTER * (2 * random() - 1);
  return roundMs(Math.max(MIN_RETRY_DELAY_SECONDS, base * factor));
}

/**
 * Retry-After as seconds from `now` (0 for a date in the past), or null when it is neither a
 * non-negative integer nor an HTTP-date (RFC 9110 §10.2.3).
 */
const HTTP_DATE_WITH_ZONE = /^[A-Za-z]{3,9}, \d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

export function parseRetryAfter(value: string, now: Date = new Date()): number | null {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // The three HTTP-date forms, all in GMT: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850
  // ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994", GMT implied, so it
  // must not be read as local time). Anything else is refused rather than guessed at.
  let text: string;
  if (HTTP_DATE_WITH_ZONE.test(trimmed)) text = trimmed;
  else if (ASCTIME.test(trimmed)) text = `${trimmed} GMT`;
  else return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, (at - now.getTime()) / 1000);
}

function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
