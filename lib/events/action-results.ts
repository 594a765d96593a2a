// What the dashboard's event actions answer (app/(dashboard)/events/actions.ts): the Replay
// button's form state, and the bulk replay's count and start.
import type { ActionResult } from "@/lib/forms/form-result";

export interface ReplayEventState {
  status: "idle" | "queued" | "already_queued" | "error";
  message: string;
  /** The idempotency token the form sends next. */
  token: string;
}

/** `filterQuery`: the filter fixed in time, which the confirmation sends back to start the replay. */
export type MatchingEventsResult = ActionResult<{ count: number; filterQuery: string }>;
export type ReplayMatchingResult = ActionResult<{ operationId: string; total: number }>;
