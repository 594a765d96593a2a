import { describe, expect, it } from "vitest";
import { DEFAULT_DRAIN_PER_SECOND, drainRatePerSecond, drainSeconds, formatApproxDuration, resumedMessage } from "./resume-drain";

describe("resume drain", () => {
  it("drains at the destination's rate limit, or the default without one", () => {
    expect(drainRatePerSecond(null)).toBe(DEFAULT_DRAIN_PER_SECOND);
    expect(drainRatePerSecond(50)).toBe(50);
    expect(drainSeconds(1200, 5)).toBe(240);
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
    expect(resumedMessage(1200, drainSeconds(1200, 5))).toBe("Resumed: 1,200 waiting deliveries will be sent over about 4 minutes.");
    expect(resumedMessage(1, 0.2)).toBe("Resumed: the 1 waiting delivery is being sent now.");
    expect(resumedMessage(0, 0)).toBe("Resumed. No deliveries were waiting.");
    expect(resumedMessage(0, 0, true)).toMatch(/^Resumed\. Its endpoint was failing, so Switchyard probes it now/);
  });
});
