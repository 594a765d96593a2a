// The latest bulk operations, newest first (optionally of one kind), so a page can show what is
// running or just finished.
import { getBulkRetryOutcomes } from "@/lib/bulk-operations/bulk-retry-outcome";
import { toBulkOperationView, type BulkOperationView } from "@/lib/bulk-operations/schema";
import { db } from "@/lib/db";
import type { BulkOperationKind } from "@/lib/generated/prisma/client";

export async function listRecentBulkOperations({ kind, limit = 10 }: { kind?: BulkOperationKind; limit?: number } = {}): Promise<BulkOperationView[]> {
  const rows = await db().bulkOperation.findMany({
    where: kind ? { kind } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, Math.trunc(limit)), 100),
  });
  const outcomes = await getBulkRetryOutcomes({ operationIds: rows.filter((row) => row.kind === "retry").map((row) => row.id) });
  return rows.map((row) => toBulkOperationView(row, outcomes.get(row.id) ?? null));
}
