// retention: the hourly clean-up of rows past their retention (see lib/housekeeping/run-retention.ts,
// which logs what it deleted). A database error fails the job, for pg-boss to retry it.
import { runRetention } from "@/lib/housekeeping/run-retention";
import type { JobPayload } from "@/lib/queue";

export async function handleRetention(_payload: JobPayload<"retention">): Promise<void> {
  await runRetention();
}
