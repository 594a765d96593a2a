// Bulk operation inputs and views, shared by the server actions, /api/v1 and its OpenAPI document.
import { z } from "zod";

export const BULK_OPERATION_KINDS = ["retry", "replay"] as const;
export const BULK_OPERATION_STATUSES = ["running", "completed", "cancelled", "failed"] as const;

export const StartBulkOperationInput = z.object({
  kind: z.enum(BULK_OPERATION_KINDS).describe("retry: failed deliveries; replay: events."),
  filter: z
    .record(z.string(), z.unknown())
    .default({})
    .describe(
      "Which items. retry: a deliveries filter (status, destination, source, response, from, to, as GET /deliveries takes them; only failed deliveries are retried). replay: an events filter, as GET /events takes it.",
    ),
});
export type StartBulkOperationInput = z.input<typeof StartBulkOperationInput>;

/** GET /bulk-operations' query: `?kind=retry|replay` keeps one kind; nothing else is accepted. */
export const BulkOperationListQuery = z.strictObject({ kind: z.enum(BULK_OPERATION_KINDS).optional() });

export const BulkRetryOutcome = z
  .object({
    retried: z.number().int().describe("Deliveries this retry put back in line so far."),
    succeeded: z.number().int().describe("Of those, delivered since."),
    failed: z.number().int().describe("Of those, failed again (no retries left)."),
    retrying: z.number().int().describe("Of those, still waiting for their attempt or for a later retry."),
    cancelled: z.number().int().describe("Of those, cancelled since."),
  })
  .describe("How a bulk retry's retries ended so far: the deliveries it requeued, by their status now. The counts keep moving while `retrying` is above 0, also after the operation completed.");
export type BulkRetryOutcome = z.infer<typeof BulkRetryOutcome>;

export const BulkOperationView = z
  .object({
    id: z.uuid(),
    kind: z.enum(BULK_OPERATION_KINDS),
    status: z.enum(BULK_OPERATION_STATUSES),
    filter: z.record(z.string(), z.unknown()).describe("The filter as validated when it started."),
    total: z.number().int().describe("Items the filter selected when it started."),
    processed: z.number().int().describe("Items handled so far."),
    cancelRequested: z.boolean(),
    error: z.string().nullable().describe("Why it failed, when it did."),
    createdById: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    outcome: BulkRetryOutcome.nullable().describe("A retry's outcome so far; null for a replay."),
  })
  .describe("A bulk retry or replay, run in batches of 100 by the worker.");
export type BulkOperationView = z.infer<typeof BulkOperationView>;

export function toBulkOperationView(row: {
  id: string;
  kind: BulkOperationView["kind"];
  status: BulkOperationView["status"];
  filter: unknown;
  total: number;
  processed: number;
  cancelRequested: boolean;
  error: string | null;
  createdById: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}, outcome: BulkRetryOutcome | null): BulkOperationView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    filter: row.filter && typeof row.filter === "object" && !Array.isArray(row.filter) ? (row.filter as Record<string, unknown>) : {},
    total: row.total,
    processed: row.processed,
    cancelRequested: row.cancelRequested,
    error: row.error,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    outcome: row.kind === "retry" ? outcome : null,
  };
}

/** How the audit log names a bulk operation (it has no name of its own). */
export function bulkOperationAuditName(kind: BulkOperationView["kind"]): string {
  return kind === "retry" ? "Bulk retry" : "Bulk replay";
}
