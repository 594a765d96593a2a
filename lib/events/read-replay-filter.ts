// Reads the events list's filter (its URL query) for a bulk replay: valid, not empty (a replay
// applies to the events a filter selects), and fixed in time at `now`.
import {
  EVENT_FILTER_LABELS,
  isEmptyEventFilter,
  parseEventFilterParams,
  pinEventFilter,
  type EventFilter,
} from "@/lib/events/event-filter";
import type { ActionResult } from "@/lib/forms/form-result";

export function readReplayFilter({ query, now }: { query: string; now: Date }): ActionResult<{ filter: EventFilter }> {
  const { filter, errors } = parseEventFilterParams(new URLSearchParams(query));
  const [first] = errors;
  if (first)
    return { ok: false, message: `The filter is not valid (${EVENT_FILTER_LABELS[first.key]}: ${first.message}).` };
  if (isEmptyEventFilter(filter))
    return { ok: false, message: "Filter the list first: a replay applies to the events a filter selects." };
  return { ok: true, filter: pinEventFilter(filter, now) };
}
