// What a kind of bulk operation (a retry of failed deliveries, a replay of events) provides to the
// engine that runs it in batches (lib/bulk-operations, worker/bulk-operation.ts). Each kind lives
// beside the engine and calls down into its domain: retry-kind.ts (lib/deliveries), replay-kind.ts
// (lib/events).
import type pg from "pg";
import type { BulkOperationKind } from "@/lib/generated/prisma/client";

export interface BulkBatchInput<Filter> {
  operationId: string;
  filter: Filter;
  /** Keyset position after the last item processed; null for the first batch. */
  cursor: string | null;
  limit: number;
  /**
   * The engine's open transaction (plain pg; pg-boss jobs go on it through onPgClient). Work done on
   * it commits together with the batch's progress (processed, cursor) and the next batch's job, so a
   * batch is all or nothing. A kind whose work is idempotent by key anyway may use its own.
   */
  tx: pg.ClientBase;
}

export interface BulkBatchResult {
  /** Items handled in this batch (retried, replayed, or skipped because no longer eligible). */
  processed: number;
  /** Where the next batch starts; null when nothing is left. */
  cursor: string | null;
}

export interface BulkKind<Filter> {
  kind: BulkOperationKind;
  /** Validates a stored or submitted filter (zod); throws on an invalid one. */
  parseFilter(filter: unknown): Filter;
  /** How many items the filter selects now (the progress bar's total). */
  count(filter: Filter): Promise<number>;
  /**
   * Handles up to `limit` items after `cursor`, idempotently: a batch run twice (pg-boss delivers at
   * least once) must not retry or replay anything twice. Keyed by operationId (e.g. a replay's run
   * key is derived from it).
   */
  runBatch(input: BulkBatchInput<Filter>): Promise<BulkBatchResult>;
}
