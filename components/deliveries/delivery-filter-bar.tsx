"use client";
// The deliveries list's filter form. It writes the filter into the URL (so a filtered list can be
// shared or bookmarked): a plain GET form, which the script turns into a router.push without the
// empty fields. The page keys it by the filter, so its fields follow the URL (chips, back button).
import { buttonClasses } from "@/components/ui/button-classes";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { datetimeLocalValue, useFilterSubmit } from "@/components/ui/use-filter-submit";
import { DELIVERY_STATUSES, type DeliveryFilter } from "@/lib/deliveries/delivery-filter";
import type { FilterOption } from "@/lib/deliveries/list-filter-options";

const STATUS_OPTIONS = [{ value: "", label: "Any status" }, ...DELIVERY_STATUSES.map((status) => ({ value: status, label: status[0]!.toUpperCase() + status.slice(1) }))];

function options(all: string, items: FilterOption[], selected: string | undefined, gone: string) {
  const list = [{ value: "", label: all }, ...items.map((item) => ({ value: item.id, label: item.name }))];
  // One deleted since the link was shared still shows as selected rather than vanishing.
  if (selected && !items.some((item) => item.id === selected)) list.push({ value: selected, label: gone });
  return list;
}

export function DeliveryFilterBar({ filter, destinations, sources }: { filter: DeliveryFilter; destinations: FilterOption[]; sources: FilterOption[] }) {
  const onSubmit = useFilterSubmit("/deliveries");

  return (
    <form method="get" action="/deliveries" onSubmit={onSubmit} role="search" aria-label="Filter deliveries" className="mb-4 rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200">
      <div className="grid items-start gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField label="Status" name="status" defaultValue={filter.status ?? ""} options={STATUS_OPTIONS} />
        <SelectField label="Destination" name="destination" defaultValue={filter.destination ?? ""} options={options("All destinations", destinations, filter.destination, "(deleted destination)")} />
        <SelectField label="Source" name="source" defaultValue={filter.source ?? ""} options={options("All sources", sources, filter.source, "(deleted source)")} />
        <Field label="Response" name="response" defaultValue={filter.response ?? ""} placeholder="500, 5xx or none" hint="none: no HTTP answer (network errors)" autoComplete="off" spellCheck={false} />
        <Field label="Created from (UTC)" name="from" type="datetime-local" defaultValue={datetimeLocalValue(filter.from)} step={datetimeLocalValue(filter.from).length > 16 ? 1 : undefined} />
        <Field label="Created before (UTC)" name="to" type="datetime-local" defaultValue={datetimeLocalValue(filter.to)} step={datetimeLocalValue(filter.to).length > 16 ? 1 : undefined} />
        <div className="flex gap-2 self-end sm:col-span-2 lg:justify-end">
          <button type="submit" className={buttonClasses("primary")}>
            Apply filters
          </button>
        </div>
      </div>
    </form>
  );
}
