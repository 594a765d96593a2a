// What a retried delivery's row says about its retry, from the delivery as it is now: still
// waiting for the retry's attempt, or how that attempt went. Pure, so it is unit-tested.
import type { RetryWaitsFor } from "@/lib/deliveries/action-results";

export type RetryOutcomeState = "waiting" | "succeeded" | "failed" | "retrying" | "cancelled";

export interface RetriedDeliveryState {
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  /** A worker is attempting it right now: its request may be out. */
  attemptInProgress?: boolean;
  lastAttempt: { number: number; responseStatus: number | null; errorMessage: string | null } | null;
}

export interface RetryOutcome {
  state: RetryOutcomeState;
  /** One line for the row, e.g. "Retry failed: HTTP 500 (attempt 3). No retries left." */
  text: string;
  /** The endpoint's error in words, when the attempt failed. */
  detail: string | null;
}

const WAITING: Record<RetryWaitsFor, string> = {
  attempt: "Retry queued: sending attempt",
  resume: "Retry queued: the destination is paused, so attempt",
  probe: "Retry queued: the destination's circuit is open, so attempt",
};
const WAITING_END: Record<RetryWaitsFor, string> = { attempt: "…", resume: " runs once it is resumed.", probe: " runs once a probe succeeds." };

export function describeRetryOutcome({
  delivery,
  awaitingAttempt,
  waitsFor,
  formatTime,
}: {
  delivery: RetriedDeliveryState;
  awaitingAttempt: number;
  waitsFor: RetryWaitsFor;
  formatTime: (date: Date) => string;
}): RetryOutcome {
  if (delivery.status === "cancelled") return { state: "cancelled", text: "Cancelled before the retry's attempt was made.", detail: null };
  const attempt = delivery.lastAttempt;
  if (delivery.attempts < awaitingAttempt || !attempt || attempt.number < awaitingAttempt) {
    if (delivery.attemptInProgress) return { state: "waiting", text: `Retry: attempt ${awaitingAttempt} in progress, waiting for the endpoint's answer…`, detail: null };
    return { state: "waiting", text: `${WAITING[waitsFor]} ${awaitingAttempt}${WAITING_END[waitsFor]}`, detail: null };
  }
  const answer = attempt.responseStatus === null ? "no response" : `HTTP ${attempt.responseStatus}`;
  const which = `attempt ${attempt.number}`;
  if (delivery.status === "succeeded") return { state: "succeeded", text: `Retry succeeded: ${answer} (${which}).`, detail: null };
  if (delivery.status === "failed") return { state: "failed", text: `Retry failed: ${answer} (${which}). No retries left.`, detail: attempt.errorMessage };
  const next = delivery.nextAttemptAt ? ` Next retry ${formatTime(delivery.nextAttemptAt)}.` : "";
  return { state: "retrying", text: `Retry failed: ${answer} (${which}).${next}`, detail: attempt.errorMessage };
}
