// The filters in force, one removable chip each, and "Clear filters".
import { FilterChips } from "@/components/ui/filter-chips";
import { utcDateTime } from "@/components/ui/utc-date-time";
import {
  EVENT_FILTER_KEYS,
  EVENT_FILTER_LABELS,
  EVENT_TIME_RANGES,
  eventFilterParams,
  type EventFilter,
  type EventFilterKey,
} from "@/lib/events/event-filter";

const STATUS_LABELS: Record<string, string> = { unmatched: "no rule matched", duplicate: "duplicate (seen again)" };

function shown(key: EventFilterKey, filter: EventFilter, sourceNames: ReadonlyMap<string, string>): string {
  const value = filter[key] ?? "";
  if (key === "source") return sourceNames.get(value) ?? "(deleted source)";
  if (key === "status") return STATUS_LABELS[value] ?? value;
  if (key === "range") return EVENT_TIME_RANGES[value as keyof typeof EVENT_TIME_RANGES]?.label ?? value;
  if (key === "from" || key === "to") return utcDateTime(value, { dropZeroSeconds: true });
  return value;
}

/** The events URL with the filter minus one key. */
function without(filter: EventFilter, key: EventFilterKey): string {
  const params = eventFilterParams({ ...filter, [key]: undefined });
  return params.size > 0 ? `/events?${params}` : "/events";
}

export function ActiveFilterChips({
  filter,
  sourceNames,
}: {
  filter: EventFilter;
  sourceNames: ReadonlyMap<string, string>;
}) {
  const chips = EVENT_FILTER_KEYS.filter((key) => filter[key] !== undefined).map((key) => ({
    key,
    label: EVENT_FILTER_LABELS[key],
    value: shown(key, filter, sourceNames),
    mono: key === "where" || key === "routing",
    removeHref: without(filter, key),
  }));
  return <FilterChips chips={chips} clearHref="/events" className="min-w-0 flex-1" />;
}
