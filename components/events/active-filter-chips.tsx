// The filters in force, one removable chip each, and "Clear filters".
import Link from "next/link";
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
  if (key === "from" || key === "to") return value.replace("T", " ").replace(/(:00)?\.000Z$|Z$/, "") + " UTC";
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
  const keys = EVENT_FILTER_KEYS.filter((key) => filter[key] !== undefined);
  if (keys.length === 0) return null;
  return (
    <div className="mb-4 flex min-w-0 flex-1 flex-wrap items-center gap-2" data-testid="active-filters">
      {keys.map((key) => (
        <span
          key={key}
          className="inline-flex max-w-full items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2.5 text-xs text-indigo-800 ring-1 ring-inset ring-indigo-200"
        >
          <span className="truncate">
            <span className="font-medium">{EVENT_FILTER_LABELS[key]}:</span>{" "}
            <span className={key === "q" || key === "routing" ? "font-mono" : ""}>
              {shown(key, filter, sourceNames)}
            </span>
          </span>
          <Link
            href={without(filter, key)}
            aria-label={`Remove filter ${EVENT_FILTER_LABELS[key]}`}
            title="Remove this filter"
            className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-indigo-600 hover:bg-indigo-100 hover:text-indigo-900"
          >
            ×
          </Link>
        </span>
      ))}
      <Link href="/events" className="text-xs font-medium text-slate-600 hover:text-slate-900 hover:underline">
        Clear filters
      </Link>
    </div>
  );
}
