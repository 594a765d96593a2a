// Starts a bulk retry or replay: validates the filter with its kind, counts what it selects (the
// progress bar's total), and inserts the operation with its first `bulk-operation` job in one
// transaction with its audit row, so an operation never exists without a job to run it, nor
// without its record. The worker then handles it in batches (run-bulk-operation-batch.ts).
import { z } from "zod";
import type { ValidationIssue } from "@/lib/http/validation-issue";
import type { Actor } from "@/lib/audit/actor";
import { recordAuditOnPg } from "@/lib/audit/record-audit";
import { bulkKinds } from "@/lib/bulk-operations/bulk-kinds";
import { NO_RETRIES } from "@/lib/bulk-operations/bulk-retry-outcome";
import { bulkOperationAuditName, toBulkOperationView, type BulkOperationView } from "@/lib/bulk-operations/schema";
import { withTransaction } from "@/lib/db";
import type { BulkOperationKind } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { onPgClient, sendJob } from "@/lib/queue";

const log = logger("bulk-operations");

export type StartBulkOperationResult =
  | { ok: true; operation: BulkOperationView }
  | { ok: false; code: "invalid_request"; message: string; issues: ValidationIssue[] };

interface InsertedRow {
  id: string;
  kind: BulkOperationKind;
  status: BulkOperationView["status"];
  filter: unknown;
  total: number;
  processed: number;
  cancel_requested: boolean;
  error: string | null;
  created_by_id: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export async function startBulkOperation({
  kind,
  filter,
  actor,
}: {
  kind: BulkOperationKind;
  filter: unknown;
  /** Who started it (the audit log's actor); an invalid filter records nothing. */
  actor: Actor;
}): Promise<StartBulkOperationResult> {
  const registered = bulkKinds[kind];
  let parsed: unknown;
  try {
    parsed = registered.parseFilter(filter);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const issues = error.issues.map((issue) => ({ path: ["filter", ...issue.path.map((part) => (typeof part === "number" ? part : String(part)))], message: issue.message }));
    const [first] = issues;
    return { ok: false, code: "invalid_request", message: first ? `${first.path.join(".")}: ${first.message}` : "The filter is not valid.", issues };
  }
  const total = await registered.count(parsed);
  const row = await withTransaction(async (client) => {
    const { rows } = await client.query<InsertedRow>(
      `INSERT INTO bulk_operations (kind, filter, total, created_by_id)
       VALUES ($1::"BulkOperationKind", $2::jsonb, $3::int, $4::uuid)
       RETURNING id, kind::text AS kind, status::text AS status, filter, total, processed, cancel_requested, error, created_by_id, created_at, finished_at`,
      [kind, JSON.stringify(parsed), total, actor.id],
    );
    const inserted = rows[0];
    if (!inserted) throw new Error("inserting the bulk operation returned no row");
    await sendJob({ name: "bulk-operation", payload: { operationId: inserted.id }, db: onPgClient(client) });
    await recordAuditOnPg(client, {
      actor,
      action: "bulk_operation.started",
      target: { type: "bulk_operation", id: inserted.id, name: bulkOperationAuditName(kind) },
      details: { kind, total, filter: auditFilter(inserted.filter) },
    });
    return inserted;
  });
  log.info("bulk operation started", { operationId: row.id, kind, total, actor: actor.label });
  return {
    ok: true,
    operation: toBulkOperationView({
      id: row.id,
      kind: row.kind,
      status: row.status,
      filter: row.filter,
      total: row.total,
      processed: row.processed,
      cancelRequested: row.cancel_requested,
      error: row.error,
      createdById: row.created_by_id,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    }, NO_RETRIES),
  };
}

/** The stored filter (flat, as the list's URL has it) for the audit row's details. */
function auditFilter(filter: unknown): Record<string, string> {
  if (!filter || typeof filter !== "object") return {};
  return Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}
