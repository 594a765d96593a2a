// probe-destination: one probe of a destination whose circuit is open (see
// lib/pipeline/dispatch/probe-destination.ts). A failing endpoint is an outcome, recorded as an attempt and a
// later probe; only an error of our own (the database) fails the job, for pg-boss to retry it.
import { probeDestination } from "@/lib/pipeline/dispatch/probe-destination";
import { logger } from "@/lib/log";
import type { JobPayload } from "@/lib/queue";

const log = logger("worker.probe-destination");

export async function handleProbeDestination({ destinationId }: JobPayload<"probe-destination">): Promise<void> {
  const result = await probeDestination({ destinationId });
  log.debug("probe done", { destinationId, outcome: result.outcome });
}
