import { describe, expect, it } from "vitest";
import { attemptOutcomeLabel, GONE_REASON, pauseCause } from "./pause-cause";

describe("pause causes", () => {
  it("labels the last outcome by status, or by error class in words", () => {
    expect(attemptOutcomeLabel(500, "http_status")).toBe("HTTP 500");
    expect(attemptOutcomeLabel(null, "connection_refused")).toBe("connection refused");
    expect(attemptOutcomeLabel(null, null)).toBe("error");
  });

  it.each([
    ["active", null, null],
    ["paused", GONE_REASON, "gone"],
    ["paused", "paused by an operator", "operator"],
    // The old automatic pause's words, should any survive, are an operator's pause now: it never lifts by itself.
    ["paused", "Paused automatically after 20 consecutive failed attempts (last: HTTP 500)", "operator"],
    ["paused", null, "operator"],
  ] as const)("%s with reason %j is %j", (state, reason, cause) => {
    expect(pauseCause(state, reason)).toBe(cause);
  });
});
