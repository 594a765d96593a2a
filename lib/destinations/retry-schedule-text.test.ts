import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE } from "@/lib/destinations/schema";
import { formatRetrySchedule, parseRetrySchedule } from "@/lib/destinations/retry-schedule-text";

describe("retry schedule text", () => {
  it("formats delays with the largest whole unit", () => {
    expect(formatRetrySchedule([5, 300, 1800, 7200, 90, 86_400, 0.5 * 3600])).toBe("5s, 5m, 30m, 2h, 90s, 1d, 30m");
    expect(formatRetrySchedule(DEFAULT_RETRY_SCHEDULE)).toBe("5s, 5m, 30m, 2h, 5h, 10h, 10h");
  });

  it("parses what it formats, and friendlier spellings", () => {
    expect(parseRetrySchedule(formatRetrySchedule(DEFAULT_RETRY_SCHEDULE))).toEqual({ ok: true, seconds: DEFAULT_RETRY_SCHEDULE });
    expect(parseRetrySchedule(" 10 , 2 min,1.5h, 1 day ")).toEqual({ ok: true, seconds: [10, 120, 5400, 86_400] });
    expect(parseRetrySchedule("")).toEqual({ ok: true, seconds: [] });
  });

  it("explains what it cannot read", () => {
    expect(parseRetrySchedule("5s, soon")).toMatchObject({ ok: false, message: expect.stringContaining("soon") as unknown });
    expect(parseRetrySchedule("5s,,5m")).toMatchObject({ ok: false, message: "Delay 2 is empty" });
    expect(parseRetrySchedule("0s")).toMatchObject({ ok: false });
    expect(parseRetrySchedule("-5m")).toMatchObject({ ok: false });
  });
});
