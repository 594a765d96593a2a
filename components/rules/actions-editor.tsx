"use client";

import Link from "next/link";
import { useRef } from "react";
import { ACTION_HELP, ACTION_LABEL, blankAction, newKey, type ActionDraft } from "@/components/rules/action-drafts";
import { ChipsInput } from "@/components/rules/chips-input";
import type { FieldOption } from "@/components/rules/rule-model";
import { ScriptButton } from "@/components/ui/script-button";

export interface DestinationOption {
  id: string;
  name: string;
  url: string;
  paused: boolean;
}

const ADD_ORDER: ActionDraft["type"][] = ["forward", "addTags", "setRouting", "stop", "ignore"];

const inputClass = (invalid: boolean) =>
  `block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${invalid ? "ring-red-400" : "ring-slate-300"}`;

const iconButton =
  "inline-flex size-7 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-30 disabled:hover:bg-transparent";

function Err({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="mt-1 text-xs text-red-600">
      {message}
    </p>
  ) : null;
}

/** Errors under `actions.<index>.<rest>`, keyed by the rest ("" for the action itself). */
function errorsFor(errors: Record<string, string>, index: number): Record<string, string> {
  const prefix = `actions.${index}`;
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key === prefix) out[""] = message;
    else if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = message;
  }
  return out;
}

export function ActionsEditor({
  actions,
  onChange,
  destinations,
  catalogue,
  errors,
}: {
  actions: ActionDraft[];
  onChange: (actions: ActionDraft[]) => void;
  destinations: DestinationOption[];
  catalogue: FieldOption[];
  errors: Record<string, string>;
}) {
  function update(index: number, next: ActionDraft) {
    onChange(actions.map((action, i) => (i === index ? next : action)));
  }
  function move(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= actions.length) return;
    const next = [...actions];
    const [item] = next.splice(index, 1);
    if (item) next.splice(target, 0, item);
    onChange(next);
  }
  const ends = actions.some((action) => action.type === "stop" || action.type === "ignore");
  const listError = errors.actions;

  return (
    <div className="space-y-3">
      {actions.length === 0 ? <p className="text-sm text-slate-600">No actions yet. Choose what happens to an event this rule matches.</p> : null}
      <ol className="space-y-3">
        {actions.map((action, index) => {
          const own = errorsFor(errors, index);
          const n = index + 1;
          return (
            <li key={action.key} aria-label={`Action ${n}: ${ACTION_LABEL[action.type]}`} className={`rounded-md bg-white ring-1 ring-inset ${own[""] ? "ring-red-300" : "ring-slate-200"}`}>
              <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-2">
                <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
                  <span className="inline-flex size-5 items-center justify-center rounded-full bg-slate-100 text-[11px] text-slate-600">{n}</span>
                  {ACTION_LABEL[action.type]}
                </p>
                <div className="flex items-center gap-0.5">
                  <ScriptButton className={iconButton} onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move action ${n} up`} title="Move up">
                    <span aria-hidden="true">↑</span>
                  </ScriptButton>
                  <ScriptButton className={iconButton} onClick={() => move(index, 1)} disabled={index === actions.length - 1} aria-label={`Move action ${n} down`} title="Move down">
                    <span aria-hidden="true">↓</span>
                  </ScriptButton>
                  <ScriptButton className={`${iconButton} hover:bg-red-50 hover:text-red-700`} onClick={() => onChange(actions.filter((_, i) => i !== index))} aria-label={`Remove action ${n}`} title="Remove">
                    <span aria-hidden="true">✕</span>
                  </ScriptButton>
                </div>
              </div>
              <div className="space-y-3 px-3 py-3">
                <p className="text-xs text-slate-500">{ACTION_HELP[action.type]}</p>
                {action.type === "forward" ? <ForwardFields action={action} n={n} errors={own} destinations={destinations} catalogue={catalogue} onChange={(next) => update(index, next)} /> : null}
                {action.type === "addTags" ? (
                  <div>
                    <ChipsInput
                      id={`action-${n}-tags`}
                      label={`Tags for action ${n}`}
                      values={action.tags}
                      onChange={(tags) => update(index, { ...action, tags })}
                      placeholder="urgent, vip… (press Enter after each)"
                      invalid={Object.keys(own).some((key) => key.startsWith("tags"))}
                      describedBy={own.tags ? `action-${n}-tags-error` : undefined}
                    />
                    <Err id={`action-${n}-tags-error`} message={own.tags ?? Object.entries(own).find(([key]) => key.startsWith("tags."))?.[1]} />
                  </div>
                ) : null}
                {action.type === "setRouting" ? <RoutingFields action={action} n={n} errors={own} onChange={(next) => update(index, next)} /> : null}
                <Err id={`action-${n}-error`} message={own[""]} />
              </div>
            </li>
          );
        })}
      </ol>
      {listError ? <p className="text-xs text-red-600">{listError}</p> : null}
      <div role="group" aria-label="Add an action" className="flex flex-wrap items-center gap-2 pt-1">
        <span className="text-xs font-medium text-slate-500" aria-hidden="true">
          Add:
        </span>
        {ADD_ORDER.map((type) => {
          const blocked = ends && (type === "stop" || type === "ignore");
          return (
            <ScriptButton
              key={type}
              disabled={blocked}
              title={blocked ? "A rule ends with at most one stop or ignore" : undefined}
              onClick={() => {
                const next = blankAction(type);
                // Keep a trailing stop/ignore last: new actions go before it.
                const last = actions.at(-1);
                if (type !== "stop" && type !== "ignore" && last && (last.type === "stop" || last.type === "ignore")) onChange([...actions.slice(0, -1), next, last]);
                else onChange([...actions, next]);
              }}
              className="inline-flex items-center gap-1 rounded-md px-2.5 py-1.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-slate-400 disabled:ring-slate-200 disabled:hover:bg-transparent"
            >
              <span aria-hidden="true">+</span> {ACTION_LABEL[type]}
            </ScriptButton>
          );
        })}
      </div>
    </div>
  );
}

function ForwardFields({
  action,
  n,
  errors,
  destinations,
  catalogue,
  onChange,
}: {
  action: Extract<ActionDraft, { type: "forward" }>;
  n: number;
  errors: Record<string, string>;
  destinations: DestinationOption[];
  catalogue: FieldOption[];
  onChange: (next: ActionDraft) => void;
}) {
  const templateRef = useRef<HTMLTextAreaElement>(null);
  const placeholders = catalogue.filter((field) => field.origin === "seen" && field.name.startsWith("body.") && field.kind !== "object").slice(0, 10);
  const destinationError = errors.destinationIds ?? Object.entries(errors).find(([key]) => key.startsWith("destinationIds."))?.[1];
  const templateError = errors["body.template"] ?? errors.body;
  const known = new Set(destinations.map((destination) => destination.id));
  const unknown = action.destinationIds.filter((id) => !known.has(id));

  function insert(text: string) {
    const area = templateRef.current;
    const start = area?.selectionStart ?? action.template.length;
    const end = area?.selectionEnd ?? action.template.length;
    const next = action.template.slice(0, start) + text + action.template.slice(end);
    onChange({ ...action, template: next });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + text.length, start + text.length);
    });
  }

  return (
    <>
      <fieldset aria-describedby={destinationError ? `action-${n}-destinations-error` : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">
          Destinations<span className="sr-only"> for action {n}</span>
        </legend>
        {destinations.length === 0 ? (
          <p className="text-sm text-slate-600">
            No destinations yet.{" "}
            <Link href="/destinations" className="text-indigo-700 hover:underline">
              Create one
            </Link>{" "}
            first, then come back.
          </p>
        ) : (
          <div className={`grid gap-1 rounded-md p-1 ring-1 ring-inset sm:grid-cols-2 ${destinationError ? "ring-red-400" : "ring-slate-200"}`}>
            {destinations.map((destination) => {
              const checked = action.destinationIds.includes(destination.id);
              return (
                <label key={destination.id} className={`flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50 ${checked ? "bg-indigo-50/60" : ""}`}>
                  <input
                    type="checkbox"
                    aria-labelledby={`action-${n}-dest-${destination.id}-name`}
                    aria-describedby={`action-${n}-dest-${destination.id}-url`}
                    checked={checked}
                    onChange={(event) =>
                      onChange({
                        ...action,
                        destinationIds: event.target.checked ? [...action.destinationIds, destination.id] : action.destinationIds.filter((id) => id !== destination.id),
                      })
                    }
                    className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                  />
                  <span className="min-w-0">
                    <span className="block font-medium text-slate-900">
                      <span id={`action-${n}-dest-${destination.id}-name`}>{destination.name}</span>
                      {destination.paused ? <span className="ml-1.5 text-xs font-normal text-amber-700">(paused)</span> : null}
                    </span>
                    <span id={`action-${n}-dest-${destination.id}-url`} className="block truncate text-xs text-slate-500">
                      {destination.url}
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
        )}
        {unknown.length > 0 ? <p className="mt-1 text-xs text-amber-700">{unknown.length === 1 ? "One chosen destination no longer exists" : `${unknown.length} chosen destinations no longer exist`}; untick or remove it before saving.</p> : null}
        <Err id={`action-${n}-destinations-error`} message={destinationError} />
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">
          Body<span className="sr-only"> for action {n}</span>
        </legend>
        <div className="flex flex-wrap gap-4 text-sm text-slate-700">
          <label className="inline-flex items-center gap-2">
            <input type="radio" name={`action-${n}-body`} checked={action.bodyMode === "original"} onChange={() => onChange({ ...action, bodyMode: "original" })} className="size-4 border-slate-300 text-indigo-600 focus:ring-indigo-600" />
            Original body
          </label>
          <label className="inline-flex items-center gap-2">
            <input type="radio" name={`action-${n}-body`} checked={action.bodyMode === "template"} onChange={() => onChange({ ...action, bodyMode: "template" })} className="size-4 border-slate-300 text-indigo-600 focus:ring-indigo-600" />
            JSON template
          </label>
        </div>
      </fieldset>
      {action.bodyMode === "template" ? (
        <div className="space-y-1">
          <label htmlFor={`action-${n}-template`} className="block text-sm font-medium text-slate-700">
            Body template<span className="sr-only"> for action {n}</span>
          </label>
          <textarea
            ref={templateRef}
            id={`action-${n}-template`}
            value={action.template}
            onChange={(event) => onChange({ ...action, template: event.target.value })}
            rows={6}
            spellCheck={false}
            aria-invalid={templateError ? true : undefined}
            aria-describedby={`action-${n}-template-hint${templateError ? ` action-${n}-template-error` : ""}`}
            className={`${inputClass(Boolean(templateError))} font-mono text-[13px]`}
          />
          <div id={`action-${n}-template-hint`} className="text-xs text-slate-500">
            <p>
              Valid JSON with <code className="font-mono">{"{{ field }}"}</code> placeholders: <code className="font-mono">{'"{{ body.x }}"'}</code> inserts the value as JSON, inside a longer string it is inserted as text.
              {placeholders.length > 0 ? " Click to insert:" : ""}
            </p>
            {placeholders.length > 0 ? (
              <div className="mt-1 flex flex-wrap gap-1">
                {placeholders.map((field) => (
                  <ScriptButton key={field.name} onClick={() => insert(`{{ ${field.name} }}`)} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700 hover:bg-indigo-50 hover:text-indigo-800 focus-visible:outline-2 focus-visible:outline-indigo-600">
                    {`{{ ${field.name} }}`}
                  </ScriptButton>
                ))}
              </div>
            ) : null}
          </div>
          <Err id={`action-${n}-template-error`} message={templateError} />
        </div>
      ) : null}
    </>
  );
}

function RoutingFields({
  action,
  n,
  errors,
  onChange,
}: {
  action: Extract<ActionDraft, { type: "setRouting" }>;
  n: number;
  errors: Record<string, string>;
  onChange: (next: ActionDraft) => void;
}) {
  const rows = action.rows;
  const names = rows.map((row) => row.name.trim());
  const setRow = (index: number, patch: Partial<{ name: string; value: string }>) => onChange({ ...action, rows: rows.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  return (
    <div className="space-y-2">
      {rows.map((row, index) => {
        const m = index + 1;
        const error = errors[`fields.${row.name.trim()}`] ?? (names.indexOf(row.name.trim()) !== index && row.name.trim() !== "" ? "This key is set twice; the last value wins" : undefined);
        return (
          <div key={row.key}>
            <div className="flex items-start gap-2">
              <div className="w-40 shrink-0">
                <label htmlFor={`action-${n}-routing-${m}-key`} className="sr-only">
                  Routing key {m} (action {n})
                </label>
                <input id={`action-${n}-routing-${m}-key`} value={row.name} placeholder="team" onChange={(event) => setRow(index, { name: event.target.value })} aria-invalid={error ? true : undefined} className={`${inputClass(Boolean(error))} font-mono`} />
              </div>
              <span className="pt-1.5 text-sm text-slate-400" aria-hidden="true">
                =
              </span>
              <div className="min-w-0 flex-1">
                <label htmlFor={`action-${n}-routing-${m}-value`} className="sr-only">
                  Routing value {m} (action {n})
                </label>
                <input id={`action-${n}-routing-${m}-value`} value={row.value} placeholder="support or {{ body.team }}" onChange={(event) => setRow(index, { value: event.target.value })} className={`${inputClass(false)} font-mono`} />
              </div>
              <ScriptButton className={`${iconButton} mt-0.5 hover:bg-red-50 hover:text-red-700`} onClick={() => onChange({ ...action, rows: rows.filter((_, i) => i !== index) })} aria-label={`Remove routing field ${m} (action ${n})`}>
                <span aria-hidden="true">✕</span>
              </ScriptButton>
            </div>
            <Err id={`action-${n}-routing-${m}-error`} message={error} />
          </div>
        );
      })}
      <ScriptButton onClick={() => onChange({ ...action, rows: [...rows, { key: newKey(), name: "", value: "" }] })} className="text-xs font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
        <span aria-hidden="true">+</span> Add routing field<span className="sr-only"> to action {n}</span>
      </ScriptButton>
      <Err id={`action-${n}-fields-error`} message={errors.fields} />
    </div>
  );
}
