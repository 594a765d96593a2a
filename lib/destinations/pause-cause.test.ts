import { describe, expect, it } from "vitest";
import { attemptOutcomeLabel, autoPauseReason, GONE_REASON, pauseCause } from "./pause-cause";

describe("pause causes", () => {
  it("labels the last outcome by status, or by error class in words", () => {
    expect(attemptOutcomeLabel(500, "http_status")).toBe("HTTP 500");
    expect(attemptOutcomeLabel(null, "connection_refused")).toBe("connection refused");
    expect(attemptOutcomeLabel(null, null)).toBe("error");
  });

  it("says how many failures in a row, in the singular too", () => {
    expect(autoPauseReason(20, "HTTP 500")).toBe("Paused automatically after 20 consecutive failed attempts (last: HTTP 500)");
    expect(autoPauseReason(1, "timeout")).toBe("Paused automatically after 1 consecutive failed attempt (last: timeout)");
  });

  it.each([
    ["active", null, null],
    ["paused", autoPauseReason(20, "HTTP 500"), "consecutive_failures"],
    ["paused", autoPauseReason(1, "timeout"), "consecutive_failures"],
    ["paused", GONE_REASON, "gone"],
    ["paused", "paused by an operator", "operator"],
    ["paused", "Paused automatically, said Bob", "operator"],
    ["paused", null, "operator"],
  ] as const)("%s with reason %j is %j", (state, reason, cause) => {
    expect(pauseCause(state, reason)).toBe(cause);
  });
});
