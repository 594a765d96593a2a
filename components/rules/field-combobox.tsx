"use client";

import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatSample, KIND_LABEL, type FieldOption } from "@/components/rules/rule-model";

const ORIGIN_LABEL: Record<FieldOption["origin"], string> = {
  seen: "Seen in this source's recent events",
  builtin: "Every event",
  routing: "Set by other rules",
  custom: "Typed",
};

/**
 * The field picker: an ARIA 1.2 combobox over the fields seen in recent events, the built-in ones
 * and routing keys, each with its type and sample values. Any path can be typed (e.g.
 * body.items[0].sku); it is applied on Enter, Tab or leaving the input.
 */
export function FieldCombobox({
  id,
  label,
  value,
  options,
  onChange,
  invalid,
  describedBy,
  seenLabel,
}: {
  id: string;
  label: string;
  value: string;
  options: FieldOption[];
  onChange: (field: string) => void;
  invalid?: boolean;
  describedBy?: string;
  /** The heading of the fields seen in events (the events filter's may span every source). */
  seenLabel?: string;
}) {
  const originLabel = (origin: FieldOption["origin"]) => (origin === "seen" && seenLabel ? seenLabel : ORIGIN_LABEL[origin]);
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [filtering, setFiltering] = useState(false);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // Whether the path is wider than its box (then it is also shown in full beneath it).
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    const measure = () => setOverflows(input.scrollWidth > input.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(input);
    return () => observer.disconnect();
  }, [value]);

  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setText(value);
  }

  const filtered = useMemo(() => {
    const needle = text.trim().toLowerCase();
    if (!filtering || needle === "") return options;
    return options.filter((option) => option.name.toLowerCase().includes(needle) || option.label.toLowerCase().includes(needle));
  }, [options, text, filtering]);

  const groups = useMemo(() => {
    const order: FieldOption["origin"][] = ["seen", "builtin", "routing", "custom"];
    return order
      .map((origin) => ({ origin, items: filtered.filter((option) => option.origin === origin) }))
      .filter((group) => group.items.length > 0);
  }, [filtered]);
  const flat = groups.flatMap((group) => group.items);
  const current = options.find((option) => option.name === value);

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active, open]);

  function choose(field: string) {
    setText(field);
    setOpen(false);
    setFiltering(false);
    if (field !== value) onChange(field);
  }

  function commitTyped() {
    const typed = text.trim();
    setOpen(false);
    setFiltering(false);
    if (typed !== value) {
      if (typed === "") setText(value);
      else onChange(typed);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(Math.max(0, flat.findIndex((option) => option.name === value)));
        } else setActive((index) => Math.min(flat.length - 1, index + 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (open) setActive((index) => Math.max(0, index - 1));
        break;
      case "Home":
      case "End":
        if (open && flat.length > 0) {
          event.preventDefault();
          setActive(event.key === "Home" ? 0 : flat.length - 1);
        }
        break;
      case "Enter": {
        event.preventDefault();
        const option = open ? flat[active] : undefined;
        if (option) choose(option.name);
        else commitTyped();
        break;
      }
      case "Escape":
        if (open) {
          event.preventDefault();
          setOpen(false);
          setFiltering(false);
          setText(value);
        }
        break;
      case "Tab":
        if (open && filtering && flat[active] && text.trim() !== "" && flat.length === 1) choose(flat[active].name);
        else commitTyped();
        break;
      default:
        break;
    }
  }

  const activeOption = open ? flat[active] : undefined;
  let index = -1;

  return (
    <div className="relative min-w-0">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${flat.indexOf(activeOption)}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        value={text}
        title={text || undefined}
        placeholder="Choose or type a field…"
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          setFiltering(true);
          setOpen(true);
          setActive(0);
        }}
        onFocus={(event) => event.currentTarget.select()}
        onClick={() => {
          if (!open) {
            setOpen(true);
            setActive(Math.max(0, flat.findIndex((option) => option.name === value)));
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => commitTyped()}
        className={`block w-full rounded-md border-0 bg-white py-1.5 pr-16 pl-2.5 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:font-sans placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${invalid ? "ring-red-400" : "ring-slate-300"}`}
      />
      <span aria-hidden="true" className="pointer-events-none absolute top-0 right-2 flex h-[34px] items-center text-[11px] text-slate-400">
        {current ? KIND_LABEL[current.kind] : "▾"}
      </span>
      {/* A path longer than the box shows in full beneath it (the box scrolls, and cuts it). */}
      {!open && overflows && text === value ? (
        <p className="mt-0.5 break-all font-mono text-[11px] leading-snug text-slate-500" aria-hidden="true" data-testid="field-full-path">
          {value}
        </p>
      ) : null}
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        hidden={!open}
        className="absolute z-30 mt-1 max-h-80 w-[min(36rem,calc(100vw-3rem))] overflow-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
      >
        {flat.length === 0 ? (
          <li role="presentation" className="px-3 py-2 text-xs text-slate-500">
            No field seen matches. Press Enter to use <span className="font-mono">{text.trim() || "…"}</span>: body.a.b, headers.name, routing.key…
          </li>
        ) : (
          groups.map((group) => (
            <li key={group.origin} role="presentation">
              <div aria-hidden="true" className="px-3 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
                {originLabel(group.origin)}
              </div>
              <ul role="group" aria-label={originLabel(group.origin)}>
                {group.items.map((option) => {
                  index++;
                  const i = index;
                  const selected = option.name === value;
                  return (
                    <li
                      key={option.name}
                      id={`${listId}-${i}`}
                      data-index={i}
                      role="option"
                      aria-selected={selected}
                      onMouseDown={(event) => event.preventDefault()}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => choose(option.name)}
                      className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-indigo-50" : ""}`}
                    >
                      <div className="flex items-center justify-between gap-3">
                        <span className={`min-w-0 break-all font-mono text-[13px] ${selected ? "font-semibold text-indigo-700" : "text-slate-900"}`}>{option.name}</span>
                        <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600">{KIND_LABEL[option.kind]}</span>
                      </div>
                      {option.label !== option.name || option.samples.length > 0 ? (
                        <div className="truncate text-xs text-slate-500">
                          {option.label !== option.name ? option.label : null}
                          {option.label !== option.name && option.samples.length > 0 ? " · " : null}
                          {option.samples.length > 0 ? <>e.g. {option.samples.map(formatSample).join(", ")}</> : null}
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}
