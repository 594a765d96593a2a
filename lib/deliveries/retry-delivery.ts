// "Retry now" for one delivery that failed, is waiting for a retry, or was cancelled: it is put
// back in line with an attempt due now (requeue-deliveries.ts), in one transaction with its job.
// A succeeded delivery is never sent again; a pending one is already waiting for its first attempt.
// When the destination is paused the delivery waits like any other, and the answer says so: the
// attempt runs once the destination is resumed.
import { withTransaction } from "@/lib/db";
import type { DeliveryStatusName } from "@/lib/deliveries/delivery-filter";
import { requeueDeliveries, type RequeuedDelivery } from "@/lib/deliveries/requeue-deliveries";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("deliveries");

export type RetryDeliveryResult =
  | { ok: true; delivery: RequeuedDelivery; destinationPaused: boolean }
  | { ok: false; code: "delivery_not_found" | "delivery_already_succeeded" | "delivery_already_pending"; message: string };

export const RETRYABLE_STATUSES: readonly DeliveryStatusName[] = ["failed", "retrying", "cancelled"];

export async function retryDelivery({ id }: { id: string }): Promise<RetryDeliveryResult> {
  if (!isUuid(id)) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
  const result = await withTransaction(async (client): Promise<RetryDeliveryResult> => {
    // The row lock orders us with a concurrent cancel, retry or the engine recording an attempt.
    const { rows } = await client.query<{ status: DeliveryStatusName; destination_state: "active" | "paused" }>(
      `SELECT d.status::text AS status, t.state::text AS destination_state
       FROM deliveries d JOIN destinations t ON t.id = d.destination_id
       WHERE d.id = $1::uuid FOR UPDATE OF d`,
      [id],
    );
    const row = rows[0];
    if (!row) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
    if (row.status === "succeeded") return { ok: false, code: "delivery_already_succeeded", message: "This delivery succeeded; it is not sent again." };
    if (row.status === "pending") return { ok: false, code: "delivery_already_pending", message: "This delivery is already waiting for its first attempt." };
    const [delivery] = await requeueDeliveries({ client, ids: [id], statuses: RETRYABLE_STATUSES });
    if (!delivery) throw new Error(`delivery ${id} vanished while it was locked`);
    return { ok: true, delivery, destinationPaused: row.destination_state === "paused" };
  });
  if (result.ok) log.info("delivery retried", { deliveryId: id, status: result.delivery.status, destinationPaused: result.destinationPaused });
  return result;
}
