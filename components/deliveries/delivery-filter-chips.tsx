// The filters in force, one removable chip each, and "Clear filters".
import { FilterChips } from "@/components/ui/filter-chips";
import { DELIVERY_FILTER_KEYS, DELIVERY_FILTER_LABELS, deliveryFilterParams, type DeliveryFilter, type DeliveryFilterKey } from "@/lib/deliveries/delivery-filter";
import { utcDateTime } from "@/components/ui/utc-date-time";

function shown(key: DeliveryFilterKey, filter: DeliveryFilter, names: ReadonlyMap<string, string>): string {
  const value = filter[key] ?? "";
  if (key === "destination") return names.get(value) ?? "(deleted destination)";
  if (key === "source") return names.get(value) ?? "(deleted source)";
  if (key === "response") return value === "none" ? "no response" : value;
  if (key === "from" || key === "to") return utcDateTime(value, { dropZeroSeconds: true });
  return value;
}

/** The deliveries URL with the filter minus one key. */
function without(filter: DeliveryFilter, key: DeliveryFilterKey): string {
  const params = deliveryFilterParams({ ...filter, [key]: undefined });
  return params.size > 0 ? `/deliveries?${params}` : "/deliveries";
}

export function DeliveryFilterChips({ filter, names }: { filter: DeliveryFilter; names: ReadonlyMap<string, string> }) {
  const chips = DELIVERY_FILTER_KEYS.filter((key) => filter[key] !== undefined).map((key) => ({
    key,
    label: DELIVERY_FILTER_LABELS[key],
    value: shown(key, filter, names),
    removeHref: without(filter, key),
  }));
  return <FilterChips chips={chips} clearHref="/deliveries" />;
}
