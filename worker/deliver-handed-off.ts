// deliver-handed-off: the safety net of deliveries another worker was attempting right after routing
// them (lib/pipeline/dispatch/hand-off.ts). Due only when that worker did not delete it: it died, or
// the database failed an attempt. Its deliveries are attempted like a batch of deliver jobs; those
// already recorded are no-ops. Only an error of our own (the database) fails it, for pg-boss to retry.
import { attemptDeliveries } from "@/lib/pipeline/dispatch/attempt-delivery";
import type { JobPayload } from "@/lib/queue";
import { logAttemptResult } from "@/lib/pipeline/dispatch/log-attempt-result";

export async function handleDeliverHandedOff({ deliveryIds }: JobPayload<"deliver-handed-off">): Promise<void> {
  const results = await attemptDeliveries({ deliveryIds });
  for (const [deliveryId, result] of results) {
    // The rest are recorded; a retry of the job finds them settled.
    if (result instanceof Error) throw result;
    logAttemptResult(deliveryId, result);
  }
}
