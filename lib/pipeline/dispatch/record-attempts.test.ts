import { describe, expect, it } from "vitest";
import { summarizeStreak } from "@/lib/pipeline/dispatch/record-attempts";

/** Attempts as [succeeded, started at ms, finished at ms]. */
function attempts(...list: Array<[boolean, number, number]>) {
  return list.map(([succeeded, started, finished], index) => ({ id: index, succeeded, startedAt: new Date(started), finishedAt: new Date(finished) }));
}

describe("summarizeStreak", () => {
  it("all failures: each adds to the streak under way, which starts at the earliest start", () => {
    expect(summarizeStreak(attempts([false, 30, 40], [false, 10, 50]))).toMatchObject({
      anySucceeded: false,
      allSucceeded: false,
      failures: 2,
      tailFailures: 2,
      firstFailureStartedAt: new Date(10),
    });
  });

  it("all successes: nothing to count", () => {
    expect(summarizeStreak(attempts([true, 0, 5], [true, 1, 3]))).toMatchObject({ anySucceeded: true, allSucceeded: true, failures: 0, tailFailures: 0, tailStartedAt: null });
  });

  it("goes by when attempts finished: failures after the last success start a new streak", () => {
    // Finish order: fail(20), success(30), fail(35), fail(60); the second fail started before the success finished.
    const streak = summarizeStreak(attempts([false, 0, 20], [false, 25, 60], [true, 5, 30], [false, 28, 35]));
    expect(streak).toMatchObject({ anySucceeded: true, allSucceeded: false, failures: 3, tailFailures: 2, tailStartedAt: new Date(25) });
    expect(streak.lastFinished?.id).toBe(1);
  });

  it("a success last resets the streak whatever came before it", () => {
    expect(summarizeStreak(attempts([false, 0, 10], [false, 1, 20], [true, 2, 30]))).toMatchObject({
      anySucceeded: true,
      allSucceeded: false,
      tailFailures: 0,
      tailStartedAt: null,
    });
  });
});
