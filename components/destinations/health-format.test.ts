import { describe, expect, it } from "vitest";
import { formatLatency, formatSuccessRate, successTone } from "./health-format";

describe("health formatting", () => {
  it.each([
    [null, "–"],
    [1, "100%"],
    [0.6, "60%"],
    [4 / 7, "57.1%"],
    [0.9996, "99.9%"],
    [0, "0%"],
  ])("success rate %s reads %s", (rate, text) => {
    expect(formatSuccessRate(rate)).toBe(text);
  });

  it.each([
    [null, "–"],
    [0, "0 ms"],
    [999, "999 ms"],
    [1520, "1.5 s"],
    [15_000, "15 s"],
  ])("latency %s reads %s", (ms, text) => {
    expect(formatLatency(ms)).toBe(text);
  });

  it("colours the success rate", () => {
    expect([null, 1, 0.99, 0.95, 0.5].map(successTone)).toEqual(["gray", "green", "green", "amber", "red"]);
  });
});
