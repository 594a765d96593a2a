// What the dashboard's bulk-operation actions answer (app/(dashboard)/bulk-operations/actions.ts).
import type { ActionResult } from "@/lib/forms/form-result";

/** `message`: "Cancelled." or that it stops after the current batch; or why it cannot be cancelled. */
export type CancelBulkOperationActionResult = ActionResult<{ message: string }>;
