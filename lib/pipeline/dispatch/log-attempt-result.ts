// What became of a delivery a worker took up (a deliver job, a handed-off batch, its safety net), in
// the worker's log: attempts at debug level (every one is recorded in the database anyway), a
// delivery that is gone as a warning.
import { logger } from "@/lib/log";
import type { AttemptDeliveryResult } from "@/lib/pipeline/dispatch/attempt-delivery";

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
