// What the dashboard's delivery actions answer (app/(dashboard)/deliveries/actions.ts): a message
// the Retry / Cancel retries button shows, or the bulk retry started.
import type { ActionResult } from "@/lib/forms/form-result";

export type DeliveryActionResult = ActionResult<{ message: string }>;
export type StartBulkRetryResult = ActionResult<{ operationId: string }>;
