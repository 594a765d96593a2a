// Cancels what is left of a delivery that is still waiting (pending, or retrying on its schedule):
// status cancelled, no next attempt. Its queued job then finds it cancelled and does nothing, and
// an attempt already in flight is recorded without changing the status. "Retry now" undoes it.
import { pool } from "@/lib/db";
import type { DeliveryStatusName } from "@/lib/deliveries/delivery-filter";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("deliveries");

export type CancelDeliveryResult =
  | { ok: true; delivery: { id: string; eventId: string; status: "cancelled" } }
  | { ok: false; code: "delivery_not_found" | "delivery_not_cancellable"; message: string };

export async function cancelDelivery({ id }: { id: string }): Promise<CancelDeliveryResult> {
  if (!isUuid(id)) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
  const { rows } = await pool().query<{ event_id: string }>(
    `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = now()
     WHERE id = $1::uuid AND status IN ('pending', 'retrying')
     RETURNING event_id`,
    [id],
  );
  const cancelled = rows[0];
  if (cancelled) {
    log.info("delivery cancelled", { deliveryId: id });
    return { ok: true, delivery: { id, eventId: cancelled.event_id, status: "cancelled" } };
  }
  const { rows: current } = await pool().query<{ status: DeliveryStatusName }>("SELECT status::text AS status FROM deliveries WHERE id = $1::uuid", [id]);
  const status = current[0]?.status;
  if (!status) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
  return { ok: false, code: "delivery_not_cancellable", message: `This delivery is ${status}: only a pending or retrying delivery can be cancelled.` };
}
