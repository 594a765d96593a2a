// deliver-handed-off: the safety net of deliveries another worker was attempting right after routing
// them (lib/pipeline/dispatch/hand-off.ts). Due only when that worker did not delete it: it died, or
// the database failed an attempt. Its deliveries are attempted like a batch of deliver jobs; those
// already recorded are no-ops. Only an error of our own (the database) fails it, for pg-boss to retry.
import { attemptJobDeliveries } from "@/lib/pipeline/dispatch/log-attempt-result";
import type { JobPayload } from "@/lib/queue";

export async function handleDeliverHandedOff({ deliveryIds }: JobPayload<"deliver-handed-off">): Promise<void> {
  // The rest are recorded; a retry of the job finds them settled.
  const [error] = await attemptJobDeliveries([deliveryIds]);
  if (error) throw error;
}
