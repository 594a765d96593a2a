import { describe, expect, it } from "vitest";
import {
  circuitOpenedReason,
  DEFAULT_CIRCUIT_POLICY,
  formatSeconds,
  probeDelaySeconds,
  probeFailedReason,
  probeSucceededReason,
  shouldOpenCircuit,
} from "./circuit-policy";

const now = new Date("2026-12-01T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("circuit policy", () => {
  it("opens only after the window AND the minimum of failures in a row", () => {
    const policy = DEFAULT_CIRCUIT_POLICY;
    expect(policy).toEqual({ openAfterSeconds: 60, minFailures: 10 });
    // A burst: 500 failures within 5 s.
    expect(shouldOpenCircuit({ consecutiveFailures: 500, failingSince: ago(5), now, policy })).toBe(false);
    // Sustained, but too few attempts to call it a pattern.
    expect(shouldOpenCircuit({ consecutiveFailures: 9, failingSince: ago(600), now, policy })).toBe(false);
    expect(shouldOpenCircuit({ consecutiveFailures: 10, failingSince: ago(60), now, policy })).toBe(true);
    expect(shouldOpenCircuit({ consecutiveFailures: 10, failingSince: ago(59.999), now, policy })).toBe(false);
    expect(shouldOpenCircuit({ consecutiveFailures: 10, failingSince: null, now, policy })).toBe(false);
    expect(shouldOpenCircuit({ consecutiveFailures: 3, failingSince: ago(2), now, policy: { openAfterSeconds: 2, minFailures: 3 } })).toBe(true);
  });

  it("probes at growing intervals up to a minute, so a recovered endpoint waits at most about a minute", () => {
    expect([0, 1, 2, 3, 4, 10, 1000].map(probeDelaySeconds)).toEqual([10, 20, 40, 60, 60, 60, 60]);
    expect(probeDelaySeconds(-1)).toBe(10);
  });

  it.each([
    [0, "0 s"],
    [45.4, "45 s"],
    [75, "75 s"],
    [119, "119 s"],
    [150, "2 min 30 s"],
    [600, "10 min"],
    [3600, "1 h"],
    [5400, "1 h 30 min"],
    [200_000, "2 d"],
  ])("%s s reads %s", (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it("says why, in words", () => {
    expect(circuitOpenedReason({ failingForSeconds: 75.2, failures: 42, last: "HTTP 503" })).toBe("failing for 75 s, 42 attempts in a row (last: HTTP 503)");
    expect(circuitOpenedReason({ failingForSeconds: 3600, failures: 1, last: "timeout" })).toBe("failing for 1 h, 1 attempt in a row (last: timeout)");
    expect(probeFailedReason({ last: "connection refused", nextInSeconds: 40 })).toBe("probe failed: connection refused; next probe in 40 s");
    expect(probeSucceededReason("HTTP 200")).toBe("probe succeeded: HTTP 200");
  });
});
