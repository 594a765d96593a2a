// Every job the worker runs: queue name → handler. Payload schemas and queue options live with the
// queue definitions in lib/queue.ts, so the web app enqueues with the same types. A queue with a
// batch handler gets every job of one fetch at once (one outcome per job, in order); the others
// get their jobs one at a time.
import type { JobName, JobPayload } from "@/lib/queue";
import { handleBulkOperation } from "@/worker/bulk-operation";
import { handleCircuitSweep } from "@/worker/circuit-sweep";
import { handleDeliver, handleDeliveries } from "@/worker/deliver";
import { handleProbeDestination } from "@/worker/probe-destination";
import { handleRetention } from "@/worker/retention";
import { handleRouteEvent, handleRouteEvents } from "@/worker/route-event";

export const handlers: { [Name in JobName]: (payload: JobPayload<Name>) => Promise<void> } = {
  "route-event": handleRouteEvent,
  deliver: handleDeliver,
  "probe-destination": handleProbeDestination,
  "circuit-sweep": handleCircuitSweep,
  retention: handleRetention,
  "bulk-operation": handleBulkOperation,
};

export const batchHandlers: { [Name in JobName]?: (payloads: Array<JobPayload<Name>>) => Promise<Array<Error | undefined>> } = {
  "route-event": handleRouteEvents,
  deliver: handleDeliveries,
};
