import { describe, expect, it } from "vitest";
import { utcDateTime } from "@/components/ui/utc-date-time";

describe("utcDateTime", () => {
  it("prints whole seconds in UTC, from a Date or an ISO string", () => {
    expect(utcDateTime(new Date("2026-11-23T14:37:13.456Z"))).toBe("2026-11-23 14:37:13 UTC");
    expect(utcDateTime("2026-11-23T14:37:00.000Z")).toBe("2026-11-23 14:37:00 UTC");
  });

  it("drops zero seconds on request, only when they are zero", () => {
    expect(utcDateTime("2026-11-23T14:37:00.000Z", { dropZeroSeconds: true })).toBe("2026-11-23 14:37 UTC");
    expect(utcDateTime("2026-11-23T14:37:05.000Z", { dropZeroSeconds: true })).toBe("2026-11-23 14:37:05 UTC");
  });
});
