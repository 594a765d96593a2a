// deliver: attempts of deliveries, a batch of jobs at a time (see lib/pipeline/dispatch/attempt-delivery.ts).
// Failures of the endpoint are outcomes, recorded as attempts and retried on the destination's
// schedule; only an error of our own (the database) fails a job, for pg-boss to retry it.
import type { PgBoss } from "pg-boss";
import { attemptDeliveries, attemptDelivery } from "@/lib/pipeline/dispatch/attempt-delivery";
import { DeliveryHandOff } from "@/lib/pipeline/dispatch/hand-off";
import { logAttemptResult } from "@/lib/pipeline/dispatch/log-attempt-result";
import { env } from "@/lib/env";
import type { JobPayload } from "@/lib/queue";

export async function handleDeliver({ deliveryId }: JobPayload<"deliver">): Promise<void> {
  logAttemptResult(deliveryId, await attemptDelivery({ deliveryId }));
}

// Half the worker's concurrency in destinations' transactions per batch (a destination's go together
// in this process, destination-lanes.ts).
function batchParallelism(): number {
  return Math.max(1, Math.ceil(env().WORKER_CONCURRENCY / 2));
}

export async function handleDeliveries(payloads: Array<JobPayload<"deliver">>): Promise<Array<Error | undefined>> {
  const results = await attemptDeliveries({ deliveryIds: payloads.map((payload) => payload.deliveryId), parallelism: batchParallelism() });
  return payloads.map(({ deliveryId }) => {
    const result = results.get(deliveryId) ?? { outcome: "missing" as const };
    if (result instanceof Error) return result;
    logAttemptResult(deliveryId, result);
    return undefined;
  });
}

/** This worker's hand-off: the deliveries its routing made, attempted here like a batch of jobs, their safety-net jobs then deleted. */
export function createDeliveryHandOff(boss: PgBoss): DeliveryHandOff {
  return new DeliveryHandOff({
    attempt: (deliveryIds, destinations) => attemptDeliveries({ deliveryIds, destinations, parallelism: batchParallelism() }),
    forgetJob: async (jobId) => {
      await boss.deleteJob("deliver-handed-off", jobId);
    },
    onResult: logAttemptResult,
  });
}
