import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_SECONDS, nextRetryDelay, parseRetryAfter } from "./retry-schedule";

const SCHEDULE = [5, 300, 1800];
const NOW = new Date("2026-03-01T12:00:00.000Z");
const middle = () => 0.5;

describe("nextRetryDelay: the schedule", () => {
  it("takes the delay for attempt n from entry n-1 (no jitter at random 0.5)", () => {
    expect([1, 2, 3].map((attempt) => nextRetryDelay({ schedule: SCHEDULE, attempt, random: middle }))).toEqual([5, 300, 1800]);
  });

  it("returns null once the schedule is used up, and for an empty schedule at once", () => {
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 4, random: middle })).toBeNull();
    expect(nextRetryDelay({ schedule: [], attempt: 1, random: middle })).toBeNull();
  });

  it("refuses an attempt number below 1", () => {
    expect(() => nextRetryDelay({ schedule: SCHEDULE, attempt: 0 })).toThrow(RangeError);
  });
});

describe("nextRetryDelay: jitter", () => {
  it("stays within ±20% at the extremes of the random source", () => {
    expect(nextRetryDelay({ schedule: [300], attempt: 1, random: () => 0 })).toBe(240);
    expect(nextRetryDelay({ schedule: [300], attempt: 1, random: () => 0.999999 })).toBeCloseTo(360, 2);
  });

  it("keeps every delay inside the band over many draws, and actually spreads them", () => {
    const delays = Array.from({ length: 2000 }, () => nextRetryDelay({ schedule: [1800], attempt: 1 })!);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1440);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2160);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it("never goes below one second", () => {
    expect(nextRetryDelay({ schedule: [1], attempt: 1, random: () => 0 })).toBe(1);
  });
});

describe("nextRetryDelay: Retry-After", () => {
  it("honours seconds on 429 and 503, without jitter", () => {
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 429, retryAfter: "120", random: () => 0 })).toBe(120);
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 2, status: 503, retryAfter: " 7 ", random: () => 0 })).toBe(7);
  });

  it("honours an HTTP-date", () => {
    const at = new Date(NOW.getTime() + 90_000).toUTCString(); // "Sun, 01 Mar 2026 12:01:30 GMT"
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 503, retryAfter: at, now: NOW })).toBe(90);
  });

  it("is bounded to 24 hours and to at least one second", () => {
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 429, retryAfter: "999999999" })).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 429, retryAfter: "0" })).toBe(1);
    const past = new Date(NOW.getTime() - 60_000).toUTCString();
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 429, retryAfter: past, now: NOW })).toBe(1);
  });

  it("is ignored on other statuses, when unparsable, and when the schedule is used up", () => {
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 500, retryAfter: "120", random: middle })).toBe(5);
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 429, retryAfter: "soon", random: middle })).toBe(5);
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 1, status: 429, retryAfter: "-5", random: middle })).toBe(5);
    expect(nextRetryDelay({ schedule: SCHEDULE, attempt: 4, status: 429, retryAfter: "120" })).toBeNull();
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120],
    ["0", 0],
    ["Sun, 01 Mar 2026 12:00:30 GMT", 30],
    ["Sunday, 01-Mar-26 12:00:30 GMT", 30], // RFC 850, obsolete but allowed
    ["Sun Mar  1 12:00:30 2026", 30], // asctime: GMT implied, whatever the local zone
    ["Sun, 01 Mar 2026 12:00:30 +0100", null],
    ["1.5", null],
    ["2026-03-01T12:00:30Z", null],
    ["", null],
  ])("%j → %j", (value, expected) => {
    const parsed = parseRetryAfter(value, NOW);
    if (expected === null) expect(parsed).toBeNull();
    else expect(parsed).toBeCloseTo(expected, 3);
  });
});
