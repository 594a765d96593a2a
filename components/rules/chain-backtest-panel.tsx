"use client";

import Link from "next/link";
import { useId, useState, useTransition } from "react";
import { BACKTEST_MAX_EVENTS, backtestLimitError } from "@/components/rules/backtest-limit";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ChainBacktestOutcome } from "@/lib/rules/action-results";
import type { BacktestExample } from "@/lib/rules/backtest";
import type { ChainChange } from "@/lib/rules/backtest-chain";
import { eventName } from "@/lib/summaries/event-name";

const PERIODS = [
  { value: "hour", label: "Last hour" },
  { value: "day", label: "Last 24 hours" },
  { value: "week", label: "Last 7 days" },
  { value: "all", label: "All stored events" },
] as const;
type Period = (typeof PERIODS)[number]["value"];

export interface ChainDraft {
  /** The saved rule the draft replaces; null for a new rule (it runs last). */
  ruleId: string | null;
  rule: unknown;
}

const when = (iso: string) => iso.slice(5, 16).replace("T", " ");

function ExampleList({ items, tone }: { items: BacktestExample[]; tone: "gained" | "lost" }) {
  return (
    <ul className="mt-1 space-y-0.5">
      {items.map((item) => (
        <li key={item.eventId} className="text-xs" data-testid="chain-example">
          <span aria-hidden="true" className={tone === "gained" ? "text-emerald-700" : "text-red-700"}>
            {tone === "gained" ? "+ " : "− "}
          </span>
          <Link href={`/events/${item.eventId}`} className="break-words text-indigo-700 hover:underline">
            {eventName({ summary: item.summary, eventType: item.eventType })}
          </Link>
          <span className="ml-1 text-slate-500">{when(item.receivedAt)}</span>
        </li>
      ))}
    </ul>
  );
}

function ChangeRow({ change }: { change: ChainChange }) {
  return (
    <li className="py-2" data-testid="chain-change">
      <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <span className="text-xs font-semibold tracking-wide text-slate-400 uppercase">{change.kind === "destination" ? "Destination" : "Tag"}</span>
        <span className={change.kind === "tag" ? "font-mono text-[13px] text-slate-900" : "font-medium text-slate-900"}>{change.label}</span>
        {change.gained > 0 ? <strong className="text-emerald-700">+{change.gained.toLocaleString("en")}</strong> : null}
        {change.lost > 0 ? <strong className="text-red-700">−{change.lost.toLocaleString("en")}</strong> : null}
      </p>
      <ExampleList items={change.gainedExamples} tone="gained" />
      <ExampleList items={change.lostExamples} tone="lost" />
    </li>
  );
}

/**
 * Runs the source's whole rule chain over a window of stored events and shows what changes per
 * destination and tag, with named examples. With a draft (the rule builder), the draft takes its
 * rule's place and the answer is what saving it would change.
 */
export function ChainBacktestPanel({
  sourceId,
  draft,
  run,
  compact = false,
}: {
  sourceId: string;
  draft: ChainDraft | null;
  run: (sourceId: string, request: unknown) => Promise<ChainBacktestOutcome>;
  /** Narrow column (the builder's side panel). */
  compact?: boolean;
}) {
  const headingId = useId();
  const [period, setPeriod] = useState<Period>("week");
  const [limit, setLimit] = useState("10000");
  const [outcome, setOutcome] = useState<ChainBacktestOutcome | null>(null);
  const [ranWith, setRanWith] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const limitNumber = Number(limit);
  const limitError = backtestLimitError(limitNumber);
  const current = JSON.stringify(draft);
  const stale = ranWith !== null && ranWith !== current;

  function start() {
    if (limitError) return;
    startTransition(async () => {
      const request = { period, limit: limitNumber, ...(draft ? { draft: { ...(draft.ruleId ? { ruleId: draft.ruleId } : {}), rule: draft.rule } } : {}) };
      setOutcome(await run(sourceId, request));
      setRanWith(current);
    });
  }

  const result = outcome?.ok ? outcome.result : null;
  const periodLabel = PERIODS.find((entry) => entry.value === period)?.label.toLowerCase();

  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white shadow-xs ring-1 ring-slate-200" data-testid="chain-backtest">
      <header className="border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          {draft ? "What changes if you save this" : "Backtest all rules"}
        </h2>
      </header>
      <div className="space-y-3 p-4">
        <p className="text-xs text-slate-600">
          {draft
            ? `Runs every rule of this source in order, with this draft ${draft.ruleId ? "in its place" : "added last"}, over stored events, and compares with the saved rules: what each destination and tag would gain or lose.`
            : "Runs every rule of this source in order (stop and ignore included) over stored events, and compares with what those events actually got: what each destination and tag would gain or lose today."}
        </p>
        <div className={`flex flex-wrap items-end gap-2 ${compact ? "" : "sm:flex-nowrap"}`}>
          <div className={`space-y-1 ${compact ? "min-w-[9rem] flex-1" : "w-52"}`}>
            <label htmlFor={`${headingId}-period`} className="block text-sm font-medium text-slate-700">
              Window
            </label>
            <select
              id={`${headingId}-period`}
              value={period}
              onChange={(event) => setPeriod(event.target.value as Period)}
              className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            >
              {PERIODS.map((entry) => (
                <option key={entry.value} value={entry.value}>
                  {entry.label}
                </option>
              ))}
            </select>
          </div>
          <div className="w-32 space-y-1">
            <label htmlFor={`${headingId}-limit`} className="block text-sm font-medium text-slate-700">
              At most
            </label>
            <input
              id={`${headingId}-limit`}
              type="number"
              inputMode="numeric"
              min={1}
              max={BACKTEST_MAX_EVENTS}
              value={limit}
              onChange={(event) => setLimit(event.target.value)}
              aria-invalid={limitError ? true : undefined}
              aria-describedby={limitError ? `${headingId}-limit-error` : `${headingId}-limit-help`}
              className={`block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-indigo-600 ${limitError ? "ring-red-400" : "ring-slate-300"}`}
            />
          </div>
          <Button variant="secondary" onClick={start} disabled={pending || Boolean(limitError)}>
            {pending ? "Running…" : draft ? "Backtest the chain" : "Backtest all rules"}
          </Button>
        </div>
        {limitError ? (
          <p id={`${headingId}-limit-error`} className="text-xs text-red-600">
            {limitError}
          </p>
        ) : (
          <p id={`${headingId}-limit-help`} className="text-xs text-slate-500">
            The newest events in the window, up to this many (at most {BACKTEST_MAX_EVENTS.toLocaleString("en")}).
          </p>
        )}
        <div aria-live="polite" className="space-y-3" data-testid="chain-backtest-result">
          {outcome && !outcome.ok ? <Alert tone="warning">{outcome.message}</Alert> : null}
          {result ? (
            <>
              {stale ? <p className="text-xs text-amber-700">The draft changed since this run. Run it again to update.</p> : null}
              {result.evaluated === 0 ? (
                <p role="status" className="text-sm text-slate-700">
                  No stored events in the {periodLabel} for this source.
                </p>
              ) : (
                <div className="space-y-1">
                  <p role="status" className="text-sm text-slate-900" data-testid="chain-summary">
                    <strong>{result.summary === "No changes" ? "No changes" : result.summary}</strong>
                  </p>
                  <p className="text-xs text-slate-600">
                    {result.changedEvents.toLocaleString("en")} of {result.evaluated.toLocaleString("en")} events scanned would be routed differently
                    {result.oldestReceivedAt && result.newestReceivedAt ? ` (received ${when(result.oldestReceivedAt)} – ${when(result.newestReceivedAt)} UTC)` : ""}. {result.rules} {result.rules === 1 ? "rule" : "rules"} ran
                    {result.draft ? `, the draft as rule ${result.draft.position}` : ""}: {result.outcomes.routed.toLocaleString("en")} routed, {result.outcomes.ignored.toLocaleString("en")} ignored,{" "}
                    {result.outcomes.unmatched.toLocaleString("en")} matched no rule. Took {result.durationMs.toLocaleString("en")} ms.
                  </p>
                  {result.truncated ? (
                    <p className="text-xs text-amber-700" data-testid="chain-truncated">
                      Cut at {result.evaluated.toLocaleString("en")} events: the {periodLabel} holds more. Only the newest were run; raise “At most” to include older ones.
                    </p>
                  ) : null}
                  {result.comparedWith === "stored" ? <p className="text-xs text-slate-500">Compared with the tags and deliveries the events got when they were routed.</p> : null}
                </div>
              )}
              {result.changes.length > 0 ? (
                <ul className="divide-y divide-slate-100" aria-label="Changes per destination and tag">
                  {result.changes.map((change) => (
                    <ChangeRow key={`${change.kind}:${change.key}`} change={change} />
                  ))}
                </ul>
              ) : result.evaluated > 0 ? (
                <p className="text-xs text-slate-500">Every event scanned would get the same destinations and tags.</p>
              ) : null}
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}
