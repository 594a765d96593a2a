"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { ScriptButton } from "@/components/ui/script-button";

/**
 * A list of short values entered one by one: Enter or comma adds the typed value, Backspace on an
 * empty input removes the last one, each chip has its own remove button. Pending text is added
 * when the input loses focus, so nothing typed is lost.
 */
export function ChipsInput({
  id,
  label,
  values,
  onChange,
  placeholder,
  suggestions = [],
  invalid,
  describedBy,
  hideLabel = false,
}: {
  id: string;
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  suggestions?: string[];
  invalid?: boolean;
  describedBy?: string;
  hideLabel?: boolean;
}) {
  const [text, setText] = useState("");
  const listId = useId();

  function commit(raw: string) {
    const additions = raw
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "" && !values.includes(item));
    if (additions.length > 0) onChange([...values, ...additions]);
    setText("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit(text);
    } else if (event.key === "Backspace" && text === "" && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  }

  return (
    <div className="min-w-0">
      <label htmlFor={id} className={hideLabel ? "sr-only" : "mb-1 block text-sm font-medium text-slate-700"}>
        {label}
      </label>
      <div
        className={`flex min-h-[2.375rem] flex-wrap items-center gap-1.5 rounded-md bg-white px-2 py-1.5 shadow-xs ring-1 ring-inset focus-within:ring-2 focus-within:ring-indigo-600 ${invalid ? "ring-red-400" : "ring-slate-300"}`}
      >
        <ul className="contents" aria-label={`${values.length} added`}>
          {values.map((value) => (
            <li key={value} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2.5 text-xs font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset">
              <span className="max-w-[16rem] truncate">{value}</span>
              <ScriptButton
                onClick={() => onChange(values.filter((item) => item !== value))}
                aria-label={`Remove ${value}`}
                className="rounded-full px-1 text-indigo-500 hover:bg-indigo-100 hover:text-indigo-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                ×
              </ScriptButton>
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={text}
          onChange={(event) => {
            const next = event.target.value;
            if (next.includes(",")) commit(next);
            else setText(next);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => commit(text)}
          placeholder={values.length === 0 ? placeholder : "Add another…"}
          list={suggestions.length > 0 ? listId : undefined}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          className="min-w-[8rem] flex-1 border-0 bg-transparent p-0.5 text-sm text-slate-900 placeholder:text-slate-400 focus:ring-0 focus:outline-none"
        />
        {suggestions.length > 0 ? (
          <datalist id={listId}>
            {suggestions.map((suggestion) => (
              <option key={suggestion} value={suggestion} />
            ))}
          </datalist>
        ) : null}
      </div>
    </div>
  );
}
