// Every job the worker runs: queue name → handler. Payload schemas and queue options live with the
// queue definitions in lib/queue.ts, so the web app enqueues with the same types. A queue with a
// batch handler gets every job of one fetch at once (one outcome per job, in order); the others
// get their jobs one at a time.
import type { DeliveryHandOff } from "@/lib/pipeline/dispatch/hand-off";
import type { JobName, JobPayload } from "@/lib/queue";
import { handleBulkOperation } from "@/worker/bulk-operation";
import { handleCircuitSweep } from "@/worker/circuit-sweep";
import { handleDeliver, handleDeliveries } from "@/worker/deliver";
import { handleDeliverHandedOff } from "@/worker/deliver-handed-off";
import { handleEvaluateAlerts } from "@/worker/evaluate-alerts";
import { handleProbeDestination } from "@/worker/probe-destination";
import { handleRefreshSummaries } from "@/worker/refresh-summaries";
import { handleRetention } from "@/worker/retention";
import { handleRouteEvent, routeEventsHandler } from "@/worker/route-event";
import { handleSendAlertNotification } from "@/worker/send-alert-notification";

export const handlers: { [Name in JobName]: (payload: JobPayload<Name>) => Promise<void> } = {
  "route-event": handleRouteEvent,
  deliver: handleDeliver,
  "deliver-handed-off": handleDeliverHandedOff,
  "probe-destination": handleProbeDestination,
  "circuit-sweep": handleCircuitSweep,
  retention: handleRetention,
  "bulk-operation": handleBulkOperation,
  "refresh-summaries": handleRefreshSummaries,
  "evaluate-alerts": handleEvaluateAlerts,
  "send-alert-notification": handleSendAlertNotification,
};

export type BatchHandlers = { [Name in JobName]?: (payloads: Array<JobPayload<Name>>) => Promise<Array<Error | undefined>> };

/** With a hand-off, routing's deliveries are attempted by the worker that made them (lib/pipeline/dispatch/hand-off.ts). */
export function batchHandlers({ handOff }: { handOff?: DeliveryHandOff } = {}): BatchHandlers {
  return {
    "route-event": routeEventsHandler(handOff),
    deliver: handleDeliveries,
  };
}
