// The filters in force, one removable chip each, and "Clear filters".
import Link from "next/link";
import { DELIVERY_FILTER_KEYS, DELIVERY_FILTER_LABELS, deliveryFilterParams, type DeliveryFilter, type DeliveryFilterKey } from "@/lib/deliveries/delivery-filter";

function shown(key: DeliveryFilterKey, filter: DeliveryFilter, names: ReadonlyMap<string, string>): string {
  const value = filter[key] ?? "";
  if (key === "destination") return names.get(value) ?? "(deleted destination)";
  if (key === "source") return names.get(value) ?? "(deleted source)";
  if (key === "response") return value === "none" ? "no response" : value;
  if (key === "from" || key === "to") return value.replace("T", " ").replace(/(:00)?\.000Z$|Z$/, "") + " UTC";
  return value;
}

/** The deliveries URL with the filter minus one key. */
function without(filter: DeliveryFilter, key: DeliveryFilterKey): string {
  const params = deliveryFilterParams({ ...filter, [key]: undefined });
  return params.size > 0 ? `/deliveries?${params}` : "/deliveries";
}

export function DeliveryFilterChips({ filter, names }: { filter: DeliveryFilter; names: ReadonlyMap<string, string> }) {
  const keys = DELIVERY_FILTER_KEYS.filter((key) => filter[key] !== undefined);
  if (keys.length === 0) return null;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" data-testid="active-filters">
      {keys.map((key) => (
        <span key={key} className="inline-flex max-w-full items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2.5 text-xs text-indigo-800 ring-1 ring-inset ring-indigo-200">
          <span className="truncate">
            <span className="font-medium">{DELIVERY_FILTER_LABELS[key]}:</span> {shown(key, filter, names)}
          </span>
          <Link
            href={without(filter, key)}
            aria-label={`Remove filter ${DELIVERY_FILTER_LABELS[key]}`}
            title="Remove this filter"
            className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-indigo-600 hover:bg-indigo-100 hover:text-indigo-900"
          >
            ×
          </Link>
        </span>
      ))}
      <Link href="/deliveries" className="text-xs font-medium text-slate-600 hover:text-slate-900 hover:underline">
        Clear filters
      </Link>
    </div>
  );
}
