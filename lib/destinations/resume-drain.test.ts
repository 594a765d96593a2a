import { describe, expect, it } from "vitest";
import { describeDrainPace, drainOffsetSeconds, drainPace, drainSeconds, formatApproxDuration, resumedMessage } from "./resume-drain";

describe("resume drain", () => {
  it("drains evenly at the destination's rate limit", () => {
    const pace = drainPace(50);
    expect(pace).toEqual({ perSecond: 50, doublingSeconds: null });
    expect([0, 1, 50, 1200].map((k) => drainOffsetSeconds(k, pace))).toEqual([0, 0.02, 1, 24]);
    expect(describeDrainPace(pace)).toBe("50 a second (its rate limit)");
  });

  it("without a rate limit, starts at 5 a second and doubles the pace every 10 s", () => {
    const pace = drainPace(null);
    expect(pace).toEqual({ perSecond: 5, doublingSeconds: 10 });
    expect(drainOffsetSeconds(0, pace)).toBe(0);
    // The first deliveries go out at about 5 a second.
    expect(drainOffsetSeconds(1, pace)).toBeCloseTo(0.1986, 4);
    // By 10 s the pace has doubled: 5·10/ln2·(2 − 1) ≈ 72 deliveries have gone; by 60 s, 63 times that.
    expect(drainOffsetSeconds((5 * 10) / Math.LN2, pace)).toBeCloseTo(10, 9);
    expect(drainOffsetSeconds(((5 * 10) / Math.LN2) * 63, pace)).toBeCloseTo(60, 9);
    expect([10, 1000, 10_000].map((count) => Math.round(drainSeconds(count, pace)))).toEqual([2, 39, 71]);
    expect(describeDrainPace(pace)).toBe("5 a second at first, doubling every 10 s");
  });

  it.each([
    [0.2, "1 second"],
    [1, "1 second"],
    [12.4, "12 seconds"],
    [59, "59 seconds"],
    [60, "1 minute"],
    [240, "4 minutes"],
    [3540, "59 minutes"],
    [3600, "1 hour"],
    [5400, "1.5 hours"],
    [36_000, "10 hours"],
  ])("%s s reads about %s", (seconds, text) => {
    expect(formatApproxDuration(seconds)).toBe(text);
  });

  it("tells the operator how long the waiting deliveries take", () => {
    expect(resumedMessage(1200, drainSeconds(1200, drainPace(5)))).toBe("Resumed: 1,200 waiting deliveries will be sent over about 4 minutes.");
    expect(resumedMessage(1200, drainSeconds(1200, drainPace(null)))).toBe("Resumed: 1,200 waiting deliveries will be sent over about 41 seconds.");
    expect(resumedMessage(1, 0.2)).toBe("Resumed: the 1 waiting delivery is being sent now.");
    expect(resumedMessage(0, 0)).toBe("Resumed. No deliveries were waiting.");
    expect(resumedMessage(0, 0, true)).toMatch(/^Resumed\. Its endpoint was failing, so Switchyard probes it now/);
  });
});
