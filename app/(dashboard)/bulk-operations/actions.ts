"use server";
// Server actions for bulk operations, whichever page shows one (bulk retries on /deliveries, bulk
// replays on /events).
import { actorOf } from "@/lib/audit/actor";
import { requireUser } from "@/lib/auth/session";
import { cancelBulkOperation } from "@/lib/bulk-operations/cancel-bulk-operation";

export type CancelBulkOperationActionResult = { ok: boolean; message: string };

export async function cancelBulkOperationAction(operationId: string): Promise<CancelBulkOperationActionResult> {
  const user = await requireUser();
  const result = await cancelBulkOperation({ id: operationId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: true, message: result.operation.status === "cancelled" ? "Cancelled." : "Stopping after the current batch…" };
}
