"use client";

import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent } from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import Link from "next/link";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/forms/form-result";
import { summarizeAction, summarizeConditions } from "@/components/rules/rule-model";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ScriptButton } from "@/components/ui/script-button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { RuleMatchCounts } from "@/lib/rules/list-rule-match-counts";
import type { RuleView } from "@/lib/rules/rule-view";

function MatchCounts({ counts }: { counts: RuleMatchCounts | undefined }) {
  const { hour, day, week } = counts ?? { hour: 0, day: 0, week: 0 };
  const value = (count: number) => <strong className={count > 0 ? "font-semibold text-slate-900" : "font-normal text-slate-400"}>{count.toLocaleString("en")}</strong>;
  return (
    <p className="mt-1 text-xs text-slate-500" data-testid="rule-match-counts" title="Received events whose conditions this rule matched (replays not counted), in 5-minute steps">
      Matched {value(hour)} in the last hour · {value(day)} in 24 hours · {value(week)} in 7 days
    </p>
  );
}

const iconButton =
  "inline-flex size-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-30 disabled:hover:bg-transparent";

function RuleRow({
  rule,
  index,
  count,
  sourceId,
  destinationNames,
  matchCounts,
  busy,
  onMove,
  onToggle,
}: {
  rule: RuleView;
  matchCounts: RuleMatchCounts | undefined;
  index: number;
  count: number;
  sourceId: string;
  destinationNames: ReadonlyMap<string, string>;
  busy: boolean;
  onMove: (from: number, to: number) => void;
  onToggle: (rule: RuleView) => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: rule.id });
  const hydrated = useHydrated();
  const conditions = summarizeConditions(rule.conditions);
  const actions = rule.actions.map((action) => summarizeAction(action, destinationNames)).join("; then ");
  const ends = rule.actions.some((action) => action.type === "stop" || action.type === "ignore");
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid="rule-row"
      aria-label={`${index + 1}. ${rule.name}`}
      className={`flex items-start gap-3 bg-white px-3 py-3 sm:px-4 ${isDragging ? "relative z-10 shadow-lg ring-2 ring-indigo-300" : ""} ${rule.enabled ? "" : "bg-slate-50"}`}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Drag to reorder ${rule.name}`}
        aria-roledescription="sortable rule"
        className={`${iconButton} mt-0.5 cursor-grab touch-none active:cursor-grabbing`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 fill-current">
          <circle cx="7" cy="5" r="1.5" />
          <circle cx="13" cy="5" r="1.5" />
          <circle cx="7" cy="10" r="1.5" />
          <circle cx="13" cy="10" r="1.5" />
          <circle cx="7" cy="15" r="1.5" />
          <circle cx="13" cy="15" r="1.5" />
        </svg>
      </button>
      <span className="mt-1.5 hidden size-6 shrink-0 items-center justify-center sm:inline-flex rounded-full bg-slate-100 text-xs font-semibold text-slate-600" aria-hidden="true">
        {index + 1}
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2">
          <Link href={`/sources/${sourceId}/rules/${rule.id}`} className={`font-medium hover:underline ${rule.enabled ? "text-indigo-700" : "text-slate-500"}`}>
            {rule.name}
          </Link>
          <Badge>v{rule.version}</Badge>
          {rule.enabled ? null : <Badge tone="amber">disabled</Badge>}
          {ends ? <Badge tone="blue">ends the chain</Badge> : null}
        </p>
        <p className="mt-1 line-clamp-2 text-sm break-words text-slate-700" title={conditions}>
          <span className="text-xs font-semibold tracking-wide text-slate-400 uppercase">When </span>
          <span className="font-mono text-[13px]">{conditions}</span>
        </p>
        <p className="line-clamp-2 text-sm break-words text-slate-700" title={actions}>
          <span className="text-xs font-semibold tracking-wide text-slate-400 uppercase">Then </span>
          {actions || "nothing"}
        </p>
        <MatchCounts counts={matchCounts} />
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <label className="mr-2 flex cursor-pointer items-center gap-2" title={rule.enabled ? "Enabled" : "Disabled"}>
          <input type="checkbox" role="switch" checked={rule.enabled} disabled={busy || !hydrated} onChange={() => onToggle(rule)} aria-label={`Enabled: ${rule.name}`} className="peer sr-only" />
          <span aria-hidden="true" className="relative inline-flex h-5 w-9 shrink-0 rounded-full bg-slate-300 transition-colors peer-checked:bg-indigo-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 peer-disabled:opacity-50 after:absolute after:top-0.5 after:left-0.5 after:size-4 after:rounded-full after:bg-white after:shadow after:transition-transform peer-checked:after:translate-x-4" />
        </label>
        <ScriptButton className={iconButton} disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={`Move ${rule.name} up`} title="Move up">
          <span aria-hidden="true">↑</span>
        </ScriptButton>
        <ScriptButton className={iconButton} disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={`Move ${rule.name} down`} title="Move down">
          <span aria-hidden="true">↓</span>
        </ScriptButton>
      </div>
    </li>
  );
}

/** The source's rules in evaluation order, reorderable by drag and drop, keyboard or buttons. */
export function RuleList({
  sourceId,
  rules: initial,
  destinations,
  matchCounts = {},
  reorder,
  setEnabled,
}: {
  sourceId: string;
  rules: RuleView[];
  /** Rule id → how often it matched (lib/rules/list-rule-match-counts.ts). */
  matchCounts?: Record<string, RuleMatchCounts>;
  destinations: Array<{ id: string; name: string }>;
  reorder: (sourceId: string, ruleIds: string[]) => Promise<ActionResult>;
  setEnabled: (sourceId: string, ruleId: string, input: unknown) => Promise<ActionResult>;
}) {
  const [rules, setRules] = useState(initial);
  const [shown, setShown] = useState(initial);
  if (shown !== initial) {
    setShown(initial);
    setRules(initial);
  }
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [pending, startTransition] = useTransition();
  const destinationNames = new Map(destinations.map((destination) => [destination.id, destination.name]));
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const nameOf = (id: string | number) => rules.find((rule) => rule.id === id)?.name ?? "rule";
  const positionOf = (id: string | number) => rules.findIndex((rule) => rule.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}, position ${positionOf(active.id)} of ${rules.length}. Use the arrow keys to move, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over position ${positionOf(over.id)} of ${rules.length}.` : `${nameOf(active.id)} is no longer over a position.`),
    onDragEnd: ({ active, over }) => (over ? `${nameOf(active.id)} dropped at position ${positionOf(over.id)} of ${rules.length}.` : `${nameOf(active.id)} dropped.`),
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} cancelled.`,
  };

  function commit(next: RuleView[], moved: RuleView) {
    const previous = rules;
    setRules(next);
    setError(null);
    startTransition(async () => {
      const outcome = await reorder(
        sourceId,
        next.map((rule) => rule.id),
      );
      if (!outcome.ok) {
        setRules(previous);
        setError(outcome.message);
        return;
      }
      setStatus(`Order saved: ${moved.name} is now rule ${next.indexOf(moved) + 1} of ${next.length}.`);
    });
  }

  function move(from: number, to: number) {
    const moved = rules[from];
    if (!moved || to < 0 || to >= rules.length) return;
    commit(arrayMove(rules, from, to), moved);
    // Keep focus on the same control of the moved row.
    requestAnimationFrame(() => {
      const label = to < from ? `Move ${moved.name} up` : `Move ${moved.name} down`;
      const button = document.querySelector<HTMLButtonElement>(`button[aria-label="${globalThis.CSS.escape(label)}"]`);
      if (button && !button.disabled) button.focus();
      else document.querySelector<HTMLButtonElement>(`button[aria-label="${globalThis.CSS.escape(to < from ? `Move ${moved.name} down` : `Move ${moved.name} up`)}"]`)?.focus();
    });
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = rules.findIndex((rule) => rule.id === active.id);
    const to = rules.findIndex((rule) => rule.id === over.id);
    const moved = rules[from];
    if (from < 0 || to < 0 || !moved) return;
    commit(arrayMove(rules, from, to), moved);
  }

  function toggle(rule: RuleView) {
    const next = { name: rule.name, enabled: !rule.enabled, conditions: rule.conditions, actions: rule.actions };
    setError(null);
    setRules((current) => current.map((item) => (item.id === rule.id ? { ...item, enabled: !rule.enabled, version: item.version + 1 } : item)));
    startTransition(async () => {
      const outcome = await setEnabled(sourceId, rule.id, next);
      if (!outcome.ok) {
        setRules((current) => current.map((item) => (item.id === rule.id ? rule : item)));
        setError(outcome.message);
        return;
      }
      setStatus(`${rule.name} ${rule.enabled ? "disabled" : "enabled"}.`);
    });
  }

  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: "To reorder, press Space or Enter to pick the rule up, the up and down arrow keys to move it, Space or Enter to drop it, Escape to cancel." } }}
      >
        <SortableContext items={rules.map((rule) => rule.id)} strategy={verticalListSortingStrategy}>
          <ol className="divide-y divide-slate-200 overflow-hidden rounded-lg shadow-xs ring-1 ring-slate-200" aria-label="Rules in evaluation order">
            {rules.map((rule, index) => (
              <RuleRow key={rule.id} rule={rule} index={index} count={rules.length} sourceId={sourceId} destinationNames={destinationNames} matchCounts={matchCounts[rule.id]} busy={pending} onMove={move} onToggle={toggle} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <p className="text-xs text-slate-500">Drag the handle, or focus it and use Space and the arrow keys, or use the ↑ ↓ buttons. The order is saved at once.</p>
    </div>
  );
}
