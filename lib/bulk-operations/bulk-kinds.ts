// Every kind of bulk operation the engine runs. Each is wrapped so the engine deals in unknown
// filters: a stored filter is validated again by its kind before every batch.
import type { BulkBatchInput, BulkBatchResult, BulkKind } from "@/lib/bulk-operations/bulk-kind";
import { retryBulkKind } from "@/lib/bulk-operations/retry-kind";
import { replayBulkKind } from "@/lib/bulk-operations/replay-kind";
import type { BulkOperationKind } from "@/lib/generated/prisma/client";

export interface RegisteredBulkKind {
  kind: BulkOperationKind;
  /** The filter validated (throws a ZodError on an invalid one). */
  parseFilter(filter: unknown): unknown;
  count(filter: unknown): Promise<number>;
  runBatch(input: BulkBatchInput<unknown>): Promise<BulkBatchResult>;
}

function register<Filter>(kind: BulkKind<Filter>): RegisteredBulkKind {
  return {
    kind: kind.kind,
    parseFilter: (filter) => kind.parseFilter(filter),
    count: (filter) => kind.count(kind.parseFilter(filter)),
    runBatch: (input) => kind.runBatch({ ...input, filter: kind.parseFilter(input.filter) }),
  };
}

export const bulkKinds: Record<BulkOperationKind, RegisteredBulkKind> = {
  retry: register(retryBulkKind),
  replay: register(replayBulkKind),
};
