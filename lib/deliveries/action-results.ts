// What the dashboard's delivery actions answer (app/(dashboard)/deliveries/actions.ts): a message
// the Retry / Cancel retries button shows, or the bulk retry started.
import type { ActionResult } from "@/lib/forms/form-result";

export type DeliveryActionResult = ActionResult<{ message: string }>;

/** What the retry's attempt waits for: nothing (due now), the destination's resume, or a successful probe. */
export type RetryWaitsFor = "attempt" | "resume" | "probe";

/** "Retry now": also which attempt the retry makes, so the row can show that attempt's outcome. */
export type RetryDeliveryActionResult = ActionResult<{ message: string; awaitingAttempt: number; waitsFor: RetryWaitsFor }>;
export type StartBulkRetryResult = ActionResult<{ operationId: string }>;
