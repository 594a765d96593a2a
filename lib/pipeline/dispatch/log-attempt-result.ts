// What became of a delivery a worker took up (a deliver job, a handed-off batch, its safety net), in
// the worker's log: attempts at debug level (every one is recorded in the database anyway), a
// delivery that is gone as a warning. And the jobs that name deliveries (deliver, its safety net),
// answered from their deliveries' outcomes.
import { logger } from "@/lib/log";
import { attemptDeliveries, type AttemptDeliveryResult } from "@/lib/pipeline/dispatch/attempt-delivery";

const log = logger("worker.deliver");

export function logAttemptResult(deliveryId: string, result: AttemptDeliveryResult): void {
  switch (result.outcome) {
    case "attempted":
      log.debug("delivery attempted", { deliveryId, attempt: result.attempt, status: result.status, responseStatus: result.responseStatus, errorClass: result.errorClass });
      break;
    case "missing":
      log.warn("delivery no longer exists; nothing to deliver", { deliveryId });
      break;
    default:
      log.debug("delivery not attempted", { deliveryId, ...result });
  }
}

/**
 * Attempts the deliveries each job names (one named twice is attempted once), logs each outcome,
 * and answers each job: an Error when one of its deliveries met one of ours (the database), for the
 * job to be retried; its deliveries recorded meanwhile are then no-ops.
 */
export async function attemptJobDeliveries(perJob: ReadonlyArray<readonly string[]>, parallelism?: number): Promise<Array<Error | undefined>> {
  const named = [...new Set(perJob.flat())];
  const results = await attemptDeliveries({ deliveryIds: named, ...(parallelism ? { parallelism } : {}) });
  for (const deliveryId of named) {
    const result = results.get(deliveryId) ?? { outcome: "missing" as const };
    if (!(result instanceof Error)) logAttemptResult(deliveryId, result);
  }
  return perJob.map((deliveryIds) => deliveryIds.map((deliveryId) => results.get(deliveryId)).find((result) => result instanceof Error));
}
