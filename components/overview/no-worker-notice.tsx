// On the Overview while no worker is heard from (lib/metrics/worker-presence.ts): webhooks are then
// stored but not routed or delivered, which the queue figures only hint at.
import { Alert } from "@/components/ui/alert";
import { TimeAgo } from "@/components/ui/time-ago";
import type { WorkerPresence } from "@/lib/metrics/worker-presence";

export function NoWorkerNotice({ workers, underLauncher, now }: { workers: WorkerPresence; underLauncher: boolean; now: Date }) {
  if (workers.running > 0) return null;
  return (
    <div className="mb-6" data-testid="no-worker-notice">
      <Alert tone="warning">
        <strong className="font-semibold">No worker is running.</strong> Webhooks are still received and stored, but none are routed or delivered until
        one runs.{" "}
        {workers.lastSeenAt ? (
          <>
            A worker was last heard from <TimeAgo date={workers.lastSeenAt} now={now} />.
          </>
        ) : (
          "No worker has been heard from yet."
        )}{" "}
        {underLauncher ? (
          "npm start restarts a worker that exits or stops answering: see Processes below."
        ) : (
          <>
            Start one with <code className="font-mono text-xs">npm run worker</code>, or check why your process manager has not.
          </>
        )}
      </Alert>
    </div>
  );
}
