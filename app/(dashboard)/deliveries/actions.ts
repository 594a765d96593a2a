"use server";
// Server actions for deliveries: "Retry now", cancel retries, and the bulk retry of every failed
// delivery a filter selects. Each checks the session, calls one lib function and answers with a
// message the button shows.
import { revalidatePath } from "next/cache";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";
import type { DeliveryActionResult, RetryDeliveryActionResult, StartBulkRetryResult } from "@/lib/deliveries/action-results";
import { cancelDelivery } from "@/lib/deliveries/cancel-delivery";
import { retryDelivery } from "@/lib/deliveries/retry-delivery";
import { skipDelivery } from "@/lib/deliveries/skip-delivery";

function revalidate(eventId: string) {
  revalidatePath("/deliveries");
  revalidatePath(`/events/${eventId}`);
}

// "Retry now" on one delivery: the row then follows that attempt's outcome (awaitingAttempt).
export async function retryDeliveryAction(deliveryId: string): Promise<RetryDeliveryActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return refused;
  const result = await retryDelivery({ id: deliveryId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: result.message };
  revalidate(result.delivery.eventId);
  const waitsFor = result.destinationPaused ? "resume" : result.circuitOpen ? "probe" : "attempt";
  return {
    ok: true,
    awaitingAttempt: result.delivery.attempts + 1,
    waitsFor,
    message:
      waitsFor === "resume"
        ? "Queued, but the destination is paused: the attempt runs once it is resumed."
        : waitsFor === "probe"
          ? "Queued, but the destination's circuit is open (its endpoint keeps failing): the attempt runs once a probe succeeds."
          : "Retrying now.",
  };
}

// "Cancel retries" on one delivery.
export async function cancelDeliveryAction(deliveryId: string): Promise<DeliveryActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return refused;
  const result = await cancelDelivery({ id: deliveryId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: result.message };
  revalidate(result.delivery.eventId);
  return { ok: true, message: "Retries cancelled." };
}

// "Skip" on an ordered delivery holding its key up: it is cancelled and the next one of its key goes.
export async function skipDeliveryAction(deliveryId: string): Promise<DeliveryActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return refused;
  const result = await skipDelivery({ id: deliveryId, actor: actorOf(user) });
  if (!result.ok) return { ok: false, message: result.message };
  revalidate(result.delivery.eventId);
  return { ok: true, message: "Skipped: the next delivery of this key goes now." };
}

// "Retry all N failed": `filter` is the list's filter as in its URL; only failed deliveries are retried.
export async function startBulkRetryAction(filter: Record<string, string>): Promise<StartBulkRetryResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return refused;
  const started = await startBulkOperation({ kind: "retry", filter: { ...filter, status: "failed" }, actor: actorOf(user) });
  if (!started.ok) return { ok: false, message: `The filter is not valid: ${started.message}` };
  return { ok: true, operationId: started.operation.id };
}
