"use server";
// Server actions for events: replay one event (keyed by the token its form carries), and replay
// every event the list's filter selects (a bulk operation). Each checks the session first.
import { formText } from "@/lib/forms/form-text";
import { actorOf } from "@/lib/audit/actor";
import { requireUser } from "@/lib/auth/session";
import { startBulkOperation } from "@/lib/bulk-operations/start-bulk-operation";
import { countEvents } from "@/lib/events/count-events";
import {
  EVENT_FILTER_LABELS,
  eventFilterParams,
  isEmptyEventFilter,
  parseEventFilterParams,
  pinEventFilter,
  type EventFilter,
} from "@/lib/events/event-filter";
import { newReplayToken, replayEvent, ReplayEventInput } from "@/lib/events/replay-event";
import { logger } from "@/lib/log";

const log = logger("events.actions");

export interface ReplayEventState {
  status: "idle" | "queued" | "already_queued" | "error";
  message: string;
  /** The idempotency token the form sends next. */
  token: string;
}

export async function replayEventAction(previous: ReplayEventState, form: FormData): Promise<ReplayEventState> {
  const user = await requireUser();
  const input = ReplayEventInput.safeParse({ eventId: formText(form, "eventId"), token: formText(form, "token") });
  if (!input.success)
    return {
      ...previous,
      status: "error",
      message: input.error.issues[0]?.message ?? "The replay form is not valid; reload the page.",
    };
  try {
    const result = await replayEvent({ ...input.data, actor: actorOf(user) });
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
    log.error("replay could not be queued", { eventId: input.data.eventId, error });
    return {
      ...previous,
      status: "error",
      message: "The replay could not be queued (the database or queue is unavailable). Try again in a moment.",
    };
  }
}

export type MatchingEventsResult = { ok: true; count: number; filterQuery: string } | { ok: false; message: string };

/** The list's filter (its URL query), validated and fixed in time, for a bulk replay. */
function replayFilter(query: string): { ok: true; filter: EventFilter } | { ok: false; message: string } {
  const { filter, errors } = parseEventFilterParams(new URLSearchParams(query));
  const [first] = errors;
  if (first)
    return { ok: false, message: `The filter is not valid (${EVENT_FILTER_LABELS[first.key]}: ${first.message}).` };
  if (isEmptyEventFilter(filter))
    return { ok: false, message: "Filter the list first: a replay applies to the events a filter selects." };
  return { ok: true, filter: pinEventFilter(filter, new Date()) };
}

/** How many events a bulk replay of the filter would route again, counted now (for the confirmation). */
export async function countMatchingEventsAction(query: string): Promise<MatchingEventsResult> {
  await requireUser();
  const parsed = replayFilter(query);
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

export type ReplayMatchingResult = { ok: true; operationId: string; total: number } | { ok: false; message: string };

/** Starts the bulk replay of the (already pinned) filter the confirmation showed. */
export async function replayMatchingEventsAction(filterQuery: string): Promise<ReplayMatchingResult> {
  const user = await requireUser();
  const parsed = replayFilter(filterQuery);
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
