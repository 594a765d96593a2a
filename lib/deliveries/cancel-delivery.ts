// Cancels what is left of a delivery that is still waiting (pending, or retrying on its schedule):
// status cancelled, no next attempt. Its queued job then finds it cancelled and does nothing, and
// an attempt already in flight is recorded without changing the status. "Retry now" undoes it.
// An ordered delivery's key lock is taken first (waiting out an attempt of its key in flight), and
// the next delivery of its key is woken in the same commit (lib/ordering).
import type { Actor } from "@/lib/audit/actor";
import { recordAuditOnPg } from "@/lib/audit/record-audit";
import { withTransaction } from "@/lib/db";
import { lockDelivery } from "@/lib/deliveries/lock-delivery";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";
import { lockOrderingKey } from "@/lib/ordering/lock-ordering-key";
import { nextHeadJobs } from "@/lib/ordering/wake-next-heads";
import { enqueueDeliveries, onPgClient } from "@/lib/queue";

const log = logger("deliveries");

export type CancelDeliveryResult =
  | { ok: true; delivery: { id: string; eventId: string; status: "cancelled" } }
  | { ok: false; code: "delivery_not_found" | "delivery_not_cancellable"; message: string };

/** `actor`: who asked (the audit log's); a refused cancel records nothing. */
export async function cancelDelivery({ id, actor }: { id: string; actor: Actor }): Promise<CancelDeliveryResult> {
  if (!isUuid(id)) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
  const result = await withTransaction(async (client): Promise<CancelDeliveryResult> => {
    await lockOrderingKey(client, id);
    const locked = await lockDelivery({ client, id });
    if (!locked) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
    if (locked.status !== "pending" && locked.status !== "retrying") {
      return { ok: false, code: "delivery_not_cancellable", message: `This delivery is ${locked.status}: only a pending or retrying delivery can be cancelled.` };
    }
    await client.query("UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = now() WHERE id = $1::uuid", [id]);
    // An inbox message of it is handed out no more (a consumer holding it can no longer ack it).
    // Its inbox's waiting consumers are woken: the next message of its ordering key may go now.
    await client.query(
      `WITH m AS (
         UPDATE inbox_messages SET state = 'dead', lease_id = NULL, leased_until = NULL, lease_holder = NULL, last_error = 'cancelled', updated_at = now()
         WHERE delivery_id = $1::uuid AND state IN ('queued', 'leased') RETURNING destination_id
       )
       SELECT pg_notify('switchyard_live', json_build_object('kind', 'inbox', 'id', destination_id)::text) FROM m`,
      [id],
    );
    await enqueueDeliveries({ deliveries: await nextHeadJobs(client, [id]), tx: onPgClient(client) });
    await recordAuditOnPg(client, {
      actor,
      action: "delivery.cancelled",
      target: { type: "delivery", id, name: locked.name },
      details: { eventId: locked.eventId, previousStatus: locked.status },
    });
    return { ok: true, delivery: { id, eventId: locked.eventId, status: "cancelled" } };
  });
  if (result.ok) log.info("delivery cancelled", { deliveryId: id, actor: actor.label });
  return result;
}
