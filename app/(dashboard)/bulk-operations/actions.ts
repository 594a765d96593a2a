"use server";
// Server actions for bulk operations, whichever page shows one (bulk retries on /deliveries, bulk
// replays on /events).
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import type { CancelBulkOperationActionResult } from "@/lib/bulk-operations/action-results";
import { cancelBulkOperation } from "@/lib/bulk-operations/cancel-bulk-operation";

// Cancel a running bulk retry or replay (it stops after the current batch).
export async function cancelBulkOperationAction(operationId: string): Promise<CancelBulkOperationActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return refused;
  const result = await cancelBulkOperation({ id: operationId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: true, message: result.operation.status === "cancelled" ? "Cancelled." : "Stopping after the current batch…" };
}
