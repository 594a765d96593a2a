"use server";
// Server actions for events: replay one event (keyed by the token its form carries), and replay
// every event the list's filter selects (a bulk operation). Each checks the session first.
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";
import type { MatchingEventsResult, ReplayEventState, ReplayMatchingResult } from "@/lib/events/action-results";
import { countEvents } from "@/lib/events/count-events";
import { eventFilterParams } from "@/lib/events/event-filter";
import { readReplayEventForm } from "@/lib/events/read-replay-event-form";
import { readReplayFilter } from "@/lib/events/read-replay-filter";
import { newReplayToken, replayEvent } from "@/lib/events/replay-event";
import { listFilterFields } from "@/lib/events/list-filter-fields";
import { logger } from "@/lib/log";
import { buildFieldCatalogue, type FieldOption } from "@/components/rules/rule-model";

const log = logger("events.actions");

// An event's Replay button (a form carrying the event's id and an idempotency token).
export async function replayEventAction(previous: ReplayEventState, form: FormData): Promise<ReplayEventState> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return { ...previous, status: "error", message: refused.message };
  const read = readReplayEventForm({ form });
  if (!read.ok) return { ...previous, status: "error", message: read.message ?? "The replay form is not valid; reload the page." };
  try {
    const result = await replayEvent({ ...read.input, actor: actorOf(user) });
    if (result === "missing") return { ...previous, status: "error", message: "This event no longer exists." };
    if (result === "already_queued")
      return {
        status: "already_queued",
        message: "This replay was already queued; it runs once.",
        token: newReplayToken(),
      };
    return {
      status: "queued",
      message: "Replay queued: the new routing run appears in the trace in a moment.",
      token: newReplayToken(),
    };
  } catch (error) {
    log.error("replay could not be queued", { eventId: read.input.eventId, error });
    return {
      ...previous,
      status: "error",
      message: "The replay could not be queued (the database or queue is unavailable). Try again in a moment.",
    };
  }
}

export async function countMatchingEventsAction(query: string): Promise<MatchingEventsResult> {
  await requireUser();
  const parsed = readReplayFilter({ query, now: new Date() });
  if (!parsed.ok) return parsed;
  try {
    return {
      ok: true,
      count: await countEvents({ filter: parsed.filter }),
      filterQuery: eventFilterParams(parsed.filter).toString(),
    };
  } catch (error) {
    log.error("counting events to replay failed", { error });
    return {
      ok: false,
      message: "The events could not be counted (the database is unavailable). Try again in a moment.",
    };
  }
}

// Starts the bulk replay of the (already pinned) filter the confirmation showed.
export async function replayMatchingEventsAction(filterQuery: string): Promise<ReplayMatchingResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "delivery.retry" });
  if (refused) return refused;
  const parsed = readReplayFilter({ query: filterQuery, now: new Date() });
  if (!parsed.ok) return parsed;
  try {
    const started = await startBulkOperation({ kind: "replay", filter: parsed.filter, actor: actorOf(user) });
    if (!started.ok) return { ok: false, message: started.message };
    return { ok: true, operationId: started.operation.id, total: started.operation.total };
  } catch (error) {
    log.error("bulk replay could not be started", { error });
    return {
      ok: false,
      message: "The replay could not be started (the database or queue is unavailable). Try again in a moment.",
    };
  }
}

// The events filter's field picker after another source is chosen (before the filter is applied).
export async function filterFieldsAction(sourceId: string | null): Promise<FieldOption[]> {
  await requireUser();
  return buildFieldCatalogue(await listFilterFields({ sourceId }), []);
}
