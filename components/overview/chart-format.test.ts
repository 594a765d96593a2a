import { describe, expect, it } from "vitest";
import { axisLabel, bucketTitle, formatAge, isLabelled, niceScale } from "@/components/overview/chart-format";

describe("niceScale", () => {
  it.each([
    [0, 1, [0, 1]],
    [1, 1, [0, 1]],
    [3, 3, [0, 1, 2, 3]],
    [7, 8, [0, 2, 4, 6, 8]],
    [10, 10, [0, 5, 10]],
    [37, 40, [0, 10, 20, 30, 40]],
    [101, 150, [0, 50, 100, 150]],
    [1234, 1500, [0, 500, 1000, 1500]],
  ])("max %d → top %d", (max, top, ticks) => {
    expect(niceScale(max)).toEqual({ top, ticks });
  });
});

describe("bucket labels", () => {
  const start = new Date("2031-03-10T06:00:00Z");
  it("labels every 10 minutes, 3 hours or midnight", () => {
    expect(isLabelled("hour", new Date("2031-03-10T06:10:00Z"))).toBe(true);
    expect(isLabelled("hour", new Date("2031-03-10T06:15:00Z"))).toBe(false);
    expect(isLabelled("day", start)).toBe(true);
    expect(isLabelled("day", new Date("2031-03-10T07:00:00Z"))).toBe(false);
    expect(isLabelled("week", start)).toBe(false);
    expect(isLabelled("week", new Date("2031-03-10T00:00:00Z"))).toBe(true);
  });
  it("formats in UTC", () => {
    expect(axisLabel("day", start)).toBe("06:00");
    expect(axisLabel("week", start)).toBe("10 Mar");
    expect(bucketTitle("day", start, 3600)).toBe("06:00–07:00 UTC");
    expect(bucketTitle("week", start, 6 * 3600)).toBe("10 Mar 06:00–12:00 UTC");
  });
  it("formats queue ages", () => {
    expect([0.2, 42, 420, 7200, 200_000].map(formatAge)).toEqual(["under 1 s", "42 s", "7 min", "2 h", "2 d"]);
  });
});
