"use client";
// The events list's filter form. It writes the filter into the URL (so a filtered list can be
// shared or bookmarked): a plain GET form, which the script turns into a router.push without the
// empty fields. It shows the URL's values as typed, invalid ones too (so they can be fixed); the
// page keys it by the URL's filter, so its fields follow the URL (chips, back button). The
// conditions are edited with the rule builder's editor (or as text) and sent as `where`.
import { useRef, useState } from "react";
import { ConditionFilterEditor } from "@/components/events/condition-filter-editor";
import type { FieldOption } from "@/components/rules/rule-model";
import { buttonClasses } from "@/components/ui/button-classes";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { datetimeLocalValue, useFilterSubmit } from "@/components/ui/use-filter-submit";
import { EVENT_TIME_RANGES, normalizeFilterTime, type EventFilterKey } from "@/lib/events/event-filter";
import type { SourceOption } from "@/lib/events/list-source-options";

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  { value: "received", label: "Received (not routed yet)" },
  { value: "routed", label: "Routed" },
  { value: "unmatched", label: "No rule matched" },
  { value: "ignored", label: "Ignored" },
  { value: "failed", label: "Failed" },
  { value: "duplicate", label: "Duplicate (seen again)" },
];

const RANGE_OPTIONS = [
  { value: "", label: "Any time" },
  ...Object.entries(EVENT_TIME_RANGES).map(([value, range]) => ({ value, label: range.label })),
];

/** A time from the URL (as typed) as a datetime-local value in UTC. */
function localValue(value: string | undefined): string {
  return datetimeLocalValue(value ? normalizeFilterTime(value) : null);
}

export function EventFilterBar({
  values,
  sources,
  catalogue,
  loadFields,
}: {
  values: Partial<Record<EventFilterKey, string>>;
  sources: SourceOption[];
  /** The field picker's fields: the URL's source's, or every source's. */
  catalogue: FieldOption[];
  /** Another source chosen (before applying): that source's fields for the picker. */
  loadFields: (sourceId: string | null) => Promise<FieldOption[]>;
}) {
  const onSubmit = useFilterSubmit("/events");
  const [where, setWhere] = useState(values.where ?? "");
  const [source, setSource] = useState(values.source ?? "");
  const [fields, setFields] = useState({ sourceId: values.source ?? "", catalogue });

  const latest = useRef("");

  function chooseSource(next: string) {
    setSource(next);
    latest.current = next;
    loadFields(next === "" ? null : next)
      // Only the last choice's fields (answers can arrive out of order).
      .then((loaded) => latest.current === next && setFields({ sourceId: next, catalogue: loaded }))
      // The fields already shown stay: any path can still be typed.
      .catch(() => undefined);
  }

  const sourceOptions = [
    { value: "", label: "All sources" },
    ...sources.map((source) => ({ value: source.id, label: source.name })),
  ];
  // A source deleted since the link was shared still shows as selected rather than vanishing.
  if (values.source && !sources.some((source) => source.id === values.source))
    sourceOptions.push({ value: values.source, label: "(unknown source)" });

  return (
    <form
      method="get"
      action="/events"
      onSubmit={onSubmit}
      onChange={(event) => {
        const target = event.target as HTMLElement;
        if (target instanceof HTMLSelectElement && target.name === "source") chooseSource(target.value);
      }}
      role="search"
      aria-label="Filter events"
      className="mb-4 space-y-4 rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200"
    >
      <Field
        label="Summary contains"
        name="search"
        type="search"
        defaultValue={values.search ?? ""}
        placeholder="refund, #35436, Maria…"
        hint="Finds events by their name in this list (each source's summary template), in any case."
        autoComplete="off"
        spellCheck={false}
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <SelectField label="Source" name="source" defaultValue={values.source ?? ""} options={sourceOptions} />
        <SelectField label="Status" name="status" defaultValue={values.status ?? ""} options={STATUS_OPTIONS} />
        <Field
          label="Event type"
          name="type"
          defaultValue={values.type ?? ""}
          placeholder="invoice.paid"
          autoComplete="off"
          spellCheck={false}
        />
        <Field
          label="Tag"
          name="tag"
          defaultValue={values.tag ?? ""}
          placeholder="vip"
          autoComplete="off"
          spellCheck={false}
        />
        <Field
          label="Routing field"
          name="routing"
          defaultValue={values.routing ?? ""}
          placeholder="team=billing"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div>
        <ConditionFilterEditor
          initialText={values.where ?? ""}
          catalogue={fields.catalogue}
          seenLabel={fields.sourceId ? "Seen in this source's recent events" : "Seen in recent events of every source"}
          onTextChange={setWhere}
        />
        {where.trim() !== "" && source ? (
          <a
            href={`/sources/${encodeURIComponent(source)}/rules/new?${new URLSearchParams({ where: where.trim() }).toString()}`}
            className="mt-2 inline-block text-sm text-indigo-700 hover:underline"
          >
            Create a rule from this filter →
          </a>
        ) : where.trim() !== "" ? (
          <p className="mt-2 text-xs text-slate-500">Choose a source to create a rule from this filter.</p>
        ) : null}
      </div>
      <div className="grid items-end gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <SelectField label="Time range" name="range" defaultValue={values.range ?? ""} options={RANGE_OPTIONS} />
        <Field
          label="From (UTC)"
          name="from"
          type="datetime-local"
          defaultValue={localValue(values.from)}
          step={localValue(values.from).length > 16 ? 1 : undefined}
        />
        <Field
          label="To (UTC)"
          name="to"
          type="datetime-local"
          defaultValue={localValue(values.to)}
          step={localValue(values.to).length > 16 ? 1 : undefined}
        />
        <div className="flex gap-2 lg:col-span-2 lg:justify-end">
          <button type="submit" className={buttonClasses("primary")}>
            Apply filters
          </button>
        </div>
      </div>
    </form>
  );
}
