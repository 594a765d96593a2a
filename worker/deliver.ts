// deliver: attempts of deliveries, a batch of jobs at a time (see lib/pipeline/dispatch/attempt-delivery.ts).
// Failures of the endpoint are outcomes, recorded as attempts and retried on the destination's
// schedule; only an error of our own (the database) fails a job, for pg-boss to retry it.
import type { PgBoss } from "pg-boss";
import { attemptDeliveries, attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { DeliveryHandOff } from "@/lib/pipeline/dispatch/hand-off";
import { attemptJobDeliveries, logAttemptResult } from "@/lib/pipeline/dispatch/log-attempt-result";
import { env } from "@/lib/env";
import type { JobPayload } from "@/lib/queue";

/** The deliveries a job names: routing's several, or one delivery's next attempt. */
function deliveriesOf(payload: JobPayload<"deliver">): string[] {
  return "deliveryIds" in payload ? payload.deliveryIds : [payload.deliveryId];
}

export async function handleDeliver(payload: JobPayload<"deliver">): Promise<void> {
  if ("deliveryId" in payload) {
    logAttemptResult(payload.deliveryId, await attemptDelivery({ deliveryId: payload.deliveryId }));
    return;
  }
  const [error] = await handleDeliveries([payload]);
  if (error) throw error;
}

// Half the worker's concurrency in destinations' transactions per batch (a destination's go together
// in this process, destination-lanes.ts).
function batchParallelism(): number {
  return Math.max(1, Math.ceil(env().WORKER_CONCURRENCY / 2));
}

/** One outcome per job: an Error when a delivery it names met one of ours (see attemptJobDeliveries). */
export function handleDeliveries(payloads: Array<JobPayload<"deliver">>): Promise<Array<Error | undefined>> {
  return attemptJobDeliveries(payloads.map(deliveriesOf), batchParallelism());
}

/** This worker's hand-off: the deliveries its routing made, attempted here like a batch of jobs, their safety-net jobs then deleted. */
export function createDeliveryHandOff(boss: PgBoss): DeliveryHandOff {
  return new DeliveryHandOff({
    attempt: (deliveryIds, destinations) => attemptDeliveries({ deliveryIds, destinations, parallelism: batchParallelism() }),
    forgetJobs: async (jobIds) => {
      await boss.deleteJob("deliver-handed-off", jobIds);
    },
    onResult: logAttemptResult,
  });
}
