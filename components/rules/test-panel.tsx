"use client";

import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { TestRuleOutcome } from "@/lib/rules/action-results";
import { eventName } from "@/lib/summaries/event-name";
import { operatorLabel } from "@/lib/rules/operators";
import type { EventChoice } from "@/lib/events/list-event-choices";
import { Alert } from "@/components/ui/alert";
import type { ConditionLeafTrace, GroupTrace } from "@/lib/rules/trace-schema";

/** "May 1, 10:00:01": in UTC, like every time the dashboard shows, so server and browser agree. */
function shortTime(iso: string): string {
  const date = new Date(iso);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${iso.slice(11, 19)}`;
}
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** One option of the picker: the event's name first, then when and what it was. */
function choiceLabel(event: EventChoice): string {
  const name = eventName({ summary: event.summary, eventType: event.type });
  const detail = [shortTime(event.receivedAt), event.summary ? event.type : null, event.method].filter(Boolean).join(" · ");
  return `${name} — ${detail}`;
}

function matches(event: EventChoice, needle: string): boolean {
  return [event.summary, event.type, event.id].some((text) => text?.toLowerCase().includes(needle));
}

export interface TestDraft {
  name: string;
  enabled: boolean;
  conditions: unknown;
  actions: unknown[];
}

type Sample = { eventId: string } | { payload: unknown; headers: Record<string, string>; eventType: string | null };

const PASTE = "__paste__";

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return JSON.stringify(value);
  return JSON.stringify(value) ?? "";
}

function Mark({ passed, skipped }: { passed: boolean; skipped?: boolean }) {
  // Decorative: the text next to it says passed / failed.
  if (skipped) return <span aria-hidden="true" className="inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-slate-100 text-[11px] text-slate-500">–</span>;
  return passed ? (
    <span aria-hidden="true" className="inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-[11px] font-bold text-emerald-700">✓</span>
  ) : (
    <span aria-hidden="true" className="inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-red-100 text-[11px] font-bold text-red-700">✕</span>
  );
}

function LeafRow({ leaf }: { leaf: ConditionLeafTrace }) {
  const noValue = leaf.expected === undefined || leaf.expected === "" ? leaf.operator === "=" || leaf.operator === "!=" ? ' ""' : "" : ` ${show(leaf.expected)}`;
  return (
    <li className="flex gap-2 py-1.5" data-testid="trace-condition" data-passed={leaf.passed}>
      <Mark passed={leaf.passed} skipped={leaf.skipped} />
      <div className="min-w-0 text-sm">
        <p className="text-slate-900">
          <span className="font-mono text-[13px]">{leaf.field}</span> {operatorLabel(leaf.operator)}
          <span className="font-mono text-[13px]">{noValue}</span>
          <span className="sr-only">: {leaf.skipped ? "skipped" : leaf.passed ? "passed" : "failed"}</span>
        </p>
        <p className="text-xs break-all text-slate-500">
          Value in this event: <span className="font-mono text-slate-700">{leaf.actualType === "missing" ? "missing" : show(leaf.actual)}</span>
          {leaf.actualType !== "missing" ? <span className="text-slate-400"> ({leaf.actualType})</span> : null}
        </p>
        {leaf.note ? <p className="text-xs text-amber-700">{leaf.note}</p> : null}
      </div>
    </li>
  );
}

function GroupRows({ group, root = false }: { group: GroupTrace; root?: boolean }) {
  const head = `${group.not ? "Not " : ""}${group.combinator === "or" ? "any" : "all"} of`;
  const body = (
    <ul className={root ? "" : "ml-2.5 border-l-2 border-slate-200 pl-3"}>
      {group.rules.length === 0 ? <li className="py-1 text-xs text-slate-500">No conditions: matches every event.</li> : null}
      {group.rules.map((node, index) => (node.kind === "group" ? <GroupRows key={node.id ?? index} group={node} /> : <LeafRow key={node.id ?? index} leaf={node} />))}
    </ul>
  );
  if (root) return body;
  return (
    <li className="py-1">
      <p className="flex items-center gap-2 text-sm text-slate-700">
        <Mark passed={group.passed} skipped={group.skipped} /> {head}
        {group.note ? <span className="text-xs text-amber-700">{group.note}</span> : null}
      </p>
      {body}
    </li>
  );
}

export function TestPanel({
  sourceId,
  draft,
  events,
  destinationNames,
  testRule,
  findEvents,
  onConditionErrors,
  initialEventId,
}: {
  sourceId: string;
  draft: TestDraft;
  events: EventChoice[];
  destinationNames: Record<string, string>;
  testRule: (sourceId: string, draft: TestDraft, sample: Sample) => Promise<TestRuleOutcome>;
  /** Events of the source whose summary contains the text, beyond the recent ones loaded with the page. */
  findEvents: (sourceId: string, search: string) => Promise<EventChoice[]>;
  onConditionErrors?: (errors: Record<string, string>) => void;
  /** The event chosen first (one of `events`); the newest otherwise. */
  initialEventId?: string;
}) {
  const headingId = useId();
  const [picked, setChoice] = useState(initialEventId ?? events[0]?.id ?? PASTE);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ query: string; events: EventChoice[] } | null>(null);
  const needle = query.trim().toLowerCase();
  // The recent events that match at once; older ones once the server has searched the summaries.
  const shownEvents = useMemo(() => {
    if (needle === "") return events;
    const local = events.filter((event) => matches(event, needle));
    const more = found && found.query === needle ? found.events.filter((event) => !local.some((known) => known.id === event.id)) : [];
    return [...local, ...more];
  }, [events, needle, found]);
  const searching = needle !== "" && found?.query !== needle;

  useEffect(() => {
    if (needle === "") return;
    let current = true;
    const timer = setTimeout(() => {
      findEvents(sourceId, needle)
        .then((result) => current && setFound({ query: needle, events: result }))
        .catch(() => current && setFound({ query: needle, events: [] }));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [needle, sourceId, findEvents]);

  // The chosen event stays chosen while it is listed; a search that leaves it out tests its first match.
  const choice = picked === PASTE || shownEvents.some((event) => event.id === picked) ? picked : (shownEvents[0]?.id ?? picked);
  const [pasted, setPasted] = useState('{\n  "priority": "high",\n  "subject": "Server room on fire"\n}');
  const [eventType, setEventType] = useState("");
  const [outcome, setOutcome] = useState<TestRuleOutcome | null>(null);
  const [running, setRunning] = useState(false);
  const seq = useRef(0);

  let sample: Sample | null = null;
  let pasteError: string | null = null;
  if (choice === PASTE) {
    try {
      sample = { payload: JSON.parse(pasted) as unknown, headers: {}, eventType: eventType.trim() === "" ? null : eventType.trim() };
    } catch (error) {
      pasteError = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
  } else sample = { eventId: choice };

  const key = JSON.stringify([draft, sample]);
  const onErrors = useRef(onConditionErrors);
  useEffect(() => {
    onErrors.current = onConditionErrors;
  });

  useEffect(() => {
    if (!sample) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setRunning(true);
      testRule(sourceId, draft, sample)
        .then((result) => {
          if (mine !== seq.current) return;
          setOutcome(result);
          onErrors.current?.(result.ok ? {} : result.fieldErrors);
        })
        .catch((error: unknown) => {
          if (mine === seq.current) setOutcome({ ok: false, message: `The test failed: ${error instanceof Error ? error.message : String(error)}`, fieldErrors: {} });
        })
        .finally(() => {
          if (mine === seq.current) setRunning(false);
        });
    }, 300);
    return () => clearTimeout(timer);
    // The key captures draft and sample.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, sourceId, testRule]);

  const result = outcome?.ok ? outcome.result : null;
  const ruleTrace = result?.run.trace[0];

  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          Test against an event
        </h2>
        <span className="text-xs text-slate-500" aria-live="polite">
          {running ? "Testing…" : "Updates as you edit"}
        </span>
      </header>
      <div className="space-y-3 p-4">
        <div className="space-y-1">
          <label htmlFor="test-sample" className="block text-sm font-medium text-slate-700">
            Test event
          </label>
          {events.length > 0 ? (
            <>
              <label htmlFor="test-search" className="sr-only">
                Search test events by summary
              </label>
              <input
                id="test-search"
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                placeholder="Search by summary: refund, #35436, Maria…"
                autoComplete="off"
                spellCheck={false}
                aria-describedby="test-search-status"
                className="block w-full rounded-md border-0 px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
              />
            </>
          ) : null}
          <select id="test-sample" value={choice} onChange={(event) => setChoice(event.target.value)} className="block w-full rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600">
            {shownEvents.map((event) => (
              <option key={event.id} value={event.id}>
                {choiceLabel(event)}
              </option>
            ))}
            <option value={PASTE}>Paste JSON…</option>
          </select>
          {needle !== "" ? (
            <p id="test-search-status" className="text-xs text-slate-500" aria-live="polite" data-testid="test-search-status">
              {shownEvents.length > 0
                ? `${shownEvents.length} event${shownEvents.length === 1 ? "" : "s"} match${shownEvents.length === 1 ? "es" : ""}${searching ? "; searching older ones…" : ""}`
                : searching
                  ? "Searching this source's events…"
                  : `No event of this source has “${query.trim()}” in its summary.`}
            </p>
          ) : (
            <span id="test-search-status" hidden />
          )}
          {events.length === 0 ? <p className="text-xs text-slate-500">No events stored for this source yet: paste a body to test with, or send a webhook to the source URL.</p> : null}
          {choice !== PASTE ? (
            <p className="text-xs">
              <Link href={`/events/${choice}`} className="text-indigo-700 hover:underline" target="_blank">
                Open this event
              </Link>
            </p>
          ) : null}
        </div>
        {choice === PASTE ? (
          <>
            <div className="space-y-1">
              <label htmlFor="test-json" className="block text-sm font-medium text-slate-700">
                JSON body
              </label>
              <textarea
                id="test-json"
                value={pasted}
                onChange={(event) => setPasted(event.target.value)}
                rows={7}
                spellCheck={false}
                aria-invalid={pasteError ? true : undefined}
                aria-describedby={pasteError ? "test-json-error" : undefined}
                className={`block w-full rounded-md border-0 px-3 py-2 font-mono text-[13px] text-slate-900 shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-indigo-600 ${pasteError ? "ring-red-400" : "ring-slate-300"}`}
              />
              {pasteError ? (
                <p id="test-json-error" className="text-xs text-red-600">
                  {pasteError}
                </p>
              ) : null}
            </div>
            <div className="space-y-1">
              <label htmlFor="test-event-type" className="block text-sm font-medium text-slate-700">
                Event type <span className="font-normal text-slate-500">(optional)</span>
              </label>
              <input id="test-event-type" value={eventType} onChange={(event) => setEventType(event.target.value)} placeholder="ticket.created" className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600" />
            </div>
          </>
        ) : null}

        <div aria-live="polite" className="space-y-3 border-t border-slate-100 pt-3" data-testid="test-result">
          {outcome && !outcome.ok ? (
            Object.keys(outcome.fieldErrors).length > 0 && Object.values(outcome.fieldErrors).every((text) => text === "Choose a field") ? (
              <p className="text-sm text-slate-500">Choose a field for each condition to see the result.</p>
            ) : (
              <Alert tone="warning">{outcome.message}</Alert>
            )
          ) : null}
          {result ? (
            <>
              <p
                role="status"
                className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm font-semibold ring-1 ring-inset ${result.matched ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-slate-50 text-slate-700 ring-slate-200"}`}
              >
                <Mark passed={result.matched} />
                <span data-testid="test-verdict">{result.matched ? "Matches" : "Does not match"}</span>
              </p>
              <div>
                <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Conditions</h3>
                <GroupRows group={result.conditions} root />
                {result.conditions.not ? <p className="text-xs text-slate-500">The whole set is negated (Not).</p> : null}
              </div>
              <div>
                <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">What would happen</h3>
                {!result.matched ? (
                  <p className="text-sm text-slate-600">Nothing: the rule does not match, so later rules would see the event unchanged.</p>
                ) : !outcome?.ok || !outcome.actionsPreviewed ? (
                  <p className="text-sm text-slate-600">Add a complete action to see what it would do.</p>
                ) : (
                  <ul className="space-y-1 text-sm text-slate-800">
                    {result.run.tags.length > 0 ? (
                      <li>
                        Tags: {result.run.tags.map((tag) => <span key={tag} className="mr-1 inline-flex rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset">{tag}</span>)}
                      </li>
                    ) : null}
                    {Object.entries(result.run.routing).map(([routingKey, value]) => (
                      <li key={routingKey}>
                        Routing <span className="font-mono text-[13px]">{routingKey}</span> = <span className="font-mono text-[13px]">{JSON.stringify(value)}</span>
                      </li>
                    ))}
                    {result.run.forwards.map((forward) => (
                      <li key={forward.destinationId}>
                        Forward to <strong>{destinationNames[forward.destinationId] ?? forward.destinationId}</strong> ({forward.body.mode === "template" ? "templated body" : "original body"})
                        {forward.body.mode === "template" ? <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-900 p-2 font-mono text-[11px] text-slate-100">{forward.body.rendered}</pre> : null}
                      </li>
                    ))}
                    {ruleTrace?.actionsRun.flatMap((action, index) =>
                      action.type === "forward" && action.skippedDuplicates?.length ? [<li key={`dup-${index}`} className="text-xs text-slate-500">Already forwarded to {action.skippedDuplicates.map((id) => destinationNames[id] ?? id).join(", ")}: not sent twice.</li>] : action.type === "invalid" ? [<li key={`bad-${index}`} className="text-xs text-amber-700">{action.note}</li>] : [],
                    )}
                    {ruleTrace?.ignored ? <li className="font-medium text-amber-800">The event would be ignored: nothing delivered, later rules skipped.</li> : ruleTrace?.stopped ? <li>Processing stops: later rules would not run.</li> : null}
                    {result.run.tags.length === 0 && Object.keys(result.run.routing).length === 0 && result.run.forwards.length === 0 && !ruleTrace?.stopped && !ruleTrace?.ignored ? <li className="text-slate-600">No visible effect.</li> : null}
                  </ul>
                )}
                {!draft.enabled && result.matched ? <p className="mt-1 text-xs text-amber-700">This rule is disabled: it will not run until you enable it.</p> : null}
              </div>
            </>
          ) : !outcome ? (
            <p className="text-sm text-slate-500">{sample ? "Testing…" : "Paste a valid JSON body to test."}</p>
          ) : null}
        </div>
      </div>
    </section>
  );
}
