// deliver: one attempt of one delivery (see lib/pipeline/dispatch/attempt-delivery.ts). Failures of the
// endpoint are outcomes, recorded as attempts and retried on the destination's schedule; only an
// error of our own (the database) fails the job, for pg-boss to retry it.
import { attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { logger } from "@/lib/log";
import type { JobPayload } from "@/lib/queue";

const log = logger("worker.deliver");

export async function handleDeliver({ deliveryId }: JobPayload<"deliver">): Promise<void> {
  const result = await attemptDelivery({ deliveryId });
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
