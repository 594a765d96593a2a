import { describe, expect, it } from "vitest";
import { describeRetryOutcome, type RetriedDeliveryState } from "@/components/deliveries/retry-outcome";

const formatTime = (date: Date) => date.toISOString();
const attempt = (number: number, responseStatus: number | null, errorMessage: string | null = null) => ({ number, responseStatus, errorMessage });

describe("describeRetryOutcome", () => {
  const cases: Array<{ name: string; delivery: RetriedDeliveryState; waitsFor?: "attempt" | "resume" | "probe"; expected: { state: string; text: string; detail?: string | null } }> = [
    {
      name: "waiting: the retry's attempt is not made yet",
      delivery: { status: "retrying", attempts: 2, nextAttemptAt: new Date(0), lastAttempt: attempt(2, 500) },
      expected: { state: "waiting", text: "Retry queued: sending attempt 3…" },
    },
    {
      name: "waiting while the retry's attempt is out",
      delivery: { status: "retrying", attempts: 2, nextAttemptAt: new Date(0), attemptInProgress: true, lastAttempt: attempt(2, 500) },
      expected: { state: "waiting", text: "Retry: attempt 3 in progress, waiting for the endpoint's answer…" },
    },
    {
      name: "waiting for a resume",
      delivery: { status: "retrying", attempts: 2, nextAttemptAt: new Date(0), lastAttempt: attempt(2, 500) },
      waitsFor: "resume",
      expected: { state: "waiting", text: "Retry queued: the destination is paused, so attempt 3 runs once it is resumed." },
    },
    {
      name: "succeeded",
      delivery: { status: "succeeded", attempts: 3, nextAttemptAt: null, lastAttempt: attempt(3, 200) },
      expected: { state: "succeeded", text: "Retry succeeded: HTTP 200 (attempt 3).", detail: null },
    },
    {
      name: "failed for good, with the endpoint's error",
      delivery: { status: "failed", attempts: 3, nextAttemptAt: null, lastAttempt: attempt(3, 503, "The endpoint answered 503 Service Unavailable") },
      expected: { state: "failed", text: "Retry failed: HTTP 503 (attempt 3). No retries left.", detail: "The endpoint answered 503 Service Unavailable" },
    },
    {
      name: "failed without an answer, another retry scheduled",
      delivery: { status: "retrying", attempts: 3, nextAttemptAt: new Date("2026-01-01T00:00:05Z"), lastAttempt: attempt(3, null, "Connection refused") },
      expected: { state: "retrying", text: "Retry failed: no response (attempt 3). Next retry 2026-01-01T00:00:05.000Z.", detail: "Connection refused" },
    },
    {
      name: "cancelled meanwhile",
      delivery: { status: "cancelled", attempts: 2, nextAttemptAt: null, lastAttempt: attempt(2, 500) },
      expected: { state: "cancelled", text: "Cancelled before the retry's attempt was made." },
    },
  ];
  for (const { name, delivery, waitsFor = "attempt", expected } of cases) {
    it(name, () => {
      expect(describeRetryOutcome({ delivery, awaitingAttempt: 3, waitsFor, formatTime })).toMatchObject(expected);
    });
  }
});
