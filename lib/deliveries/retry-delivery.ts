// "Retry now" for one delivery that failed, is waiting for a retry, or was cancelled: it is put
// back in line with an attempt due now (requeue-deliveries.ts), in one transaction with its job.
// A succeeded delivery is never sent again; a pending one is already waiting for its first attempt.
// When the destination is paused (or its circuit is open) the delivery waits like any other, and
// the answer says so: the attempt runs once the destination is resumed (or a probe succeeds).
import type { Actor } from "@/lib/audit/actor";
import { recordAuditOnPg } from "@/lib/audit/record-audit";
import { withTransaction } from "@/lib/db";
import type { DeliveryStatusName } from "@/lib/deliveries/delivery-filter";
import { lockDelivery } from "@/lib/deliveries/lock-delivery";
import { requeueDeliveries, type RequeuedDelivery } from "@/lib/deliveries/requeue-deliveries";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("deliveries");

export type RetryDeliveryResult =
  | { ok: true; delivery: RequeuedDelivery; destinationPaused: boolean; circuitOpen: boolean }
  | { ok: false; code: "delivery_not_found" | "delivery_already_succeeded" | "delivery_already_pending"; message: string };

export const RETRYABLE_STATUSES: readonly DeliveryStatusName[] = ["failed", "retrying", "cancelled"];

/** `actor`: who asked (the audit log's); a refused retry records nothing. */
export async function retryDelivery({ id, actor }: { id: string; actor: Actor }): Promise<RetryDeliveryResult> {
  if (!isUuid(id)) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
  const result = await withTransaction(async (client): Promise<RetryDeliveryResult> => {
    const locked = await lockDelivery({ client, id });
    if (!locked) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
    if (locked.status === "succeeded") return { ok: false, code: "delivery_already_succeeded", message: "This delivery succeeded; it is not sent again." };
    if (locked.status === "pending") return { ok: false, code: "delivery_already_pending", message: "This delivery is already waiting for its first attempt." };
    const [delivery] = await requeueDeliveries({ client, ids: [id], statuses: RETRYABLE_STATUSES });
    if (!delivery) throw new Error(`delivery ${id} vanished while it was locked`);
    await recordAuditOnPg(client, {
      actor,
      action: "delivery.retried",
      target: { type: "delivery", id, name: locked.name },
      details: { eventId: locked.eventId, previousStatus: locked.status },
    });
    return { ok: true, delivery, destinationPaused: locked.destinationPaused, circuitOpen: locked.circuitOpen };
  });
  if (result.ok) log.info("delivery retried", { deliveryId: id, status: result.delivery.status, destinationPaused: result.destinationPaused, circuitOpen: result.circuitOpen, actor: actor.label });
  return result;
}
