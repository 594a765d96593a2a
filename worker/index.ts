// The worker process (`npm run worker`): runs until SIGINT/SIGTERM, then stops gracefully.
import { announceReady } from "@/lib/runtime/node-process-unit";
import { onParentExit } from "@/lib/runtime/on-parent-exit";
import { reportStartupFailure } from "@/lib/runtime/report-startup-failure";
import { logger } from "@/lib/log";
import { startWorker } from "@/worker/start-worker";

const log = logger("worker");

async function main() {
  const worker = await startWorker();
  announceReady();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping: finishing in-flight jobs", { signal });
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("worker did not stop cleanly", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  onParentExit(() => shutdown("launcher exited"));
}

main().catch(reportStartupFailure("worker"));
