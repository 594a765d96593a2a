// "Skip" for an ordered delivery that holds its key up (failed, dead-lettered, or still retrying):
// it is cancelled, never attempted again unless someone retries it, and the next delivery of its key
// goes (lib/ordering). Taken under the key's lock, like every settlement of an ordered delivery, so
// an attempt of the key in flight ends first. An inbox message of it is dead-lettered (a consumer
// holding its lease can no longer ack it) and the inbox's waiting consumers are woken.
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

export type SkipDeliveryResult =
  | { ok: true; delivery: { id: string; eventId: string; status: "cancelled" } }
  | { ok: false; code: "delivery_not_found" | "delivery_not_skippable"; message: string };

export async function skipDelivery({ id, actor }: { id: string; actor: Actor }): Promise<SkipDeliveryResult> {
  if (!isUuid(id)) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
  const result = await withTransaction(async (client): Promise<SkipDeliveryResult> => {
    await lockOrderingKey(client, id);
    const locked = await lockDelivery({ client, id });
    if (!locked) return { ok: false, code: "delivery_not_found", message: "No delivery has this id." };
    const { rows } = await client.query<{ ordering_key: string | null }>("SELECT ordering_key FROM deliveries WHERE id = $1::uuid", [id]);
    if (!rows[0]?.ordering_key) {
      return { ok: false, code: "delivery_not_skippable", message: "This delivery has no ordering key: nothing waits for it (cancel it instead)." };
    }
    if (locked.status !== "pending" && locked.status !== "retrying" && locked.status !== "failed") {
      return { ok: false, code: "delivery_not_skippable", message: `This delivery is ${locked.status}: it holds nothing up.` };
    }
    const reason = `skipped by ${actor.label}`;
    await client.query(
      `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = now(),
                             last_error = CASE WHEN last_error IS NULL THEN $2::text ELSE $2::text || ' (was: ' || left(last_error, 400) || ')' END
       WHERE id = $1::uuid`,
      [id, reason],
    );
    const { rows: inbox } = await client.query<{ destination_id: string }>(
      `UPDATE inbox_messages SET state = 'dead', lease_id = NULL, leased_until = NULL, lease_holder = NULL, last_error = $2::text, updated_at = now()
       WHERE delivery_id = $1::uuid RETURNING destination_id`,
      [id, reason],
    );
    // The inbox trigger only speaks for receivable or acked messages: say the key moved on.
    for (const { destination_id } of inbox) {
      await client.query("SELECT pg_notify('switchyard_live', json_build_object('kind', 'inbox', 'id', $1::uuid)::text)", [destination_id]);
    }
    await enqueueDeliveries({ deliveries: await nextHeadJobs(client, [id]), tx: onPgClient(client) });
    await recordAuditOnPg(client, {
      actor,
      action: "delivery.skipped",
      target: { type: "delivery", id, name: locked.name },
      details: { eventId: locked.eventId, previousStatus: locked.status },
    });
    return { ok: true, delivery: { id, eventId: locked.eventId, status: "cancelled" } };
  });
  if (result.ok) log.info("delivery skipped", { deliveryId: id, actor: actor.label });
  return result;
}
