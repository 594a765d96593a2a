// bulk-operation: one batch of a bulk retry or replay (see lib/bulk-operations/run-bulk-operation-batch.ts).
// The batch queues the next one itself; a failed batch is recorded on the operation, and only a
// database error of our own fails the job, for pg-boss to retry it.
import { runBulkOperationBatch } from "@/lib/bulk-operations/run-bulk-operation-batch";
import { logger } from "@/lib/log";
import type { JobPayload } from "@/lib/queue";

const log = logger("worker.bulk-operation");

export async function handleBulkOperation({ operationId }: JobPayload<"bulk-operation">): Promise<void> {
  const result = await runBulkOperationBatch({ operationId });
  switch (result.outcome) {
    case "batch":
      log.debug("bulk operation batch done", { operationId, processed: result.processed, status: result.status });
      if (result.status !== "running") log.info("bulk operation finished", { operationId, status: result.status });
      break;
    case "failed":
      log.error("bulk operation failed", { operationId, error: result.error });
      break;
    case "missing":
      log.warn("bulk operation no longer exists; nothing to do", { operationId });
      break;
    default:
      log.debug("bulk operation batch not run", { operationId, ...result });
  }
}
