"use client";

import Link from "next/link";
import { eventName } from "@/lib/summaries/event-name";
import { useId, useState, useTransition } from "react";
import type { BacktestOutcome } from "@/lib/rules/action-results";
import { BACKTEST_MAX_EVENTS, backtestLimitError } from "@/components/rules/backtest-limit";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { BacktestExample } from "@/lib/rules/backtest";

const DEFAULT_LIMIT = 1000;

function percent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  const value = (part / whole) * 100;
  return `${value >= 10 || value === 0 ? Math.round(value) : value.toFixed(1)}%`;
}

function Examples({ title, items, empty }: { title: string; items: BacktestExample[]; empty: string }) {
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      {items.length === 0 ? (
        <p className="text-xs text-slate-500">{empty}</p>
      ) : (
        <ul className="space-y-0.5">
          {items.map((item) => (
            <li key={item.eventId} className="text-xs" data-testid="backtest-example">
              <Link href={`/events/${item.eventId}`} className="break-words text-indigo-700 hover:underline">
                {eventName({ summary: item.summary, eventType: item.eventType })}
              </Link>
              <span className="ml-1 text-slate-500">{item.receivedAt.slice(5, 16).replace("T", " ")}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function BacktestPanel({
  sourceId,
  ruleId,
  savedVersion,
  conditions,
  backtest,
}: {
  sourceId: string;
  ruleId: string | null;
  savedVersion: number | null;
  conditions: unknown;
  backtest: (sourceId: string, conditions: unknown, limit: number, ruleId: string | null) => Promise<BacktestOutcome>;
}) {
  const headingId = useId();
  const [limit, setLimit] = useState(String(DEFAULT_LIMIT));
  const [outcome, setOutcome] = useState<BacktestOutcome | null>(null);
  const [ranWith, setRanWith] = useState<string | null>(null);
  const [comparedWith, setComparedWith] = useState<number | null>(null);
  const [pending, startTransition] = useTransition();
  const limitNumber = Number(limit);
  const limitError = backtestLimitError(limitNumber);
  const current = JSON.stringify(conditions);
  const stale = ranWith !== null && ranWith !== current;

  function run() {
    if (limitError) return;
    startTransition(async () => {
      const result = await backtest(sourceId, conditions, limitNumber, ruleId);
      setOutcome(result);
      setRanWith(current);
      setComparedWith(savedVersion);
    });
  }

  const result = outcome?.ok ? outcome.result : null;
  const comparison = result?.comparison;

  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <header className="border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          Backtest
        </h2>
      </header>
      <div className="space-y-3 p-4">
        <p className="text-xs text-slate-600">Runs the conditions as they are now (unsaved) over this source&apos;s latest stored events{ruleId ? ", and compares with the saved version" : ""}.</p>
        <div className="flex items-end gap-2">
          <div className="flex-1 space-y-1">
            <label htmlFor="backtest-limit" className="block text-sm font-medium text-slate-700">
              Events to test
            </label>
            <input
              id="backtest-limit"
              type="number"
              inputMode="numeric"
              min={1}
              max={BACKTEST_MAX_EVENTS}
              value={limit}
              onChange={(event) => setLimit(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  run();
                }
              }}
              aria-invalid={limitError ? true : undefined}
              aria-describedby={limitError ? "backtest-limit-error" : undefined}
              className={`block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-indigo-600 ${limitError ? "ring-red-400" : "ring-slate-300"}`}
            />
          </div>
          <Button variant="secondary" onClick={run} disabled={pending || Boolean(limitError)}>
            {pending ? "Running…" : "Run backtest"}
          </Button>
        </div>
        {limitError ? (
          <p id="backtest-limit-error" className="text-xs text-red-600">
            {limitError}
          </p>
        ) : null}
        <div aria-live="polite" className="space-y-3" data-testid="backtest-result">
          {outcome && !outcome.ok ? <Alert tone="warning">{outcome.message}</Alert> : null}
          {result ? (
            <>
              {stale ? <p className="text-xs text-amber-700">The conditions changed since this run. Run it again to update.</p> : null}
              {result.evaluated === 0 ? (
                <p role="status" className="text-sm text-slate-700">
                  No events stored for this source yet.
                </p>
              ) : (
                <div>
                  <p role="status" className="text-sm text-slate-900">
                    <strong>
                      Matched {result.matched.toLocaleString("en")} of {result.evaluated.toLocaleString("en")}
                    </strong>{" "}
                    {result.evaluated === 1 ? "event" : "events"} ({percent(result.matched, result.evaluated)})
                  </p>
                  <div className="mt-1.5 h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                    <div className="h-full rounded-full bg-indigo-500" style={{ width: `${result.evaluated === 0 ? 0 : (result.matched / result.evaluated) * 100}%` }} />
                  </div>
                  <p className="mt-1 text-xs text-slate-500">
                    Took {result.durationMs.toLocaleString("en")} ms{result.evaluated < limitNumber ? ` · all ${result.evaluated.toLocaleString("en")} stored events` : ""}
                  </p>
                </div>
              )}
              {result.evaluated > 0 ? (
                <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-1 2xl:grid-cols-2">
                  <Examples title="Examples that match" items={result.matchedExamples} empty="None." />
                  <Examples title="Examples that don't" items={result.unmatchedExamples} empty="None: every event matched." />
                </div>
              ) : null}
              {comparison ? (
                <div className="space-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200 ring-inset">
                  <h3 className="text-sm font-medium text-slate-900">Compared with saved version {comparedWith}</h3>
                  {comparedWith !== savedVersion ? <p className="text-xs text-amber-700">Version {savedVersion} has been saved since. Run the backtest again to compare with it.</p> : null}
                  <p className="text-xs text-slate-600">
                    The saved version matched {comparison.savedMatched.toLocaleString("en")} of these. This draft matches <strong className="text-emerald-700">{comparison.newlyMatched.toLocaleString("en")} newly</strong> and{" "}
                    <strong className="text-red-700">{comparison.noLongerMatched.toLocaleString("en")} no longer</strong>.
                  </p>
                  {comparison.newlyMatched + comparison.noLongerMatched > 0 ? (
                    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-1 2xl:grid-cols-2">
                      <Examples title="Newly matched" items={comparison.newlyMatchedExamples} empty="None." />
                      <Examples title="No longer matched" items={comparison.noLongerMatchedExamples} empty="None." />
                    </div>
                  ) : (
                    <p className="text-xs text-slate-500">Same events as the saved version.</p>
                  )}
                </div>
              ) : null}
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}
