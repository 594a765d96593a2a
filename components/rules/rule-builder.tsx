"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState, useTransition, type FormEvent, type KeyboardEvent } from "react";
import type { ActionResult } from "@/lib/forms/form-result";
import type { BacktestOutcome, ChainBacktestOutcome, SaveRuleResult, TestRuleOutcome } from "@/lib/rules/action-results";
import { fromDraft, toDraft, type ActionDraft } from "@/components/rules/action-drafts";
import { ActionsEditor, type DestinationOption } from "@/components/rules/actions-editor";
import { BacktestPanel } from "@/components/rules/backtest-panel";
import { ChainBacktestPanel } from "@/components/rules/chain-backtest-panel";
import { ConditionsTextToggle } from "@/components/rules/conditions-text-toggle";
import { DeleteRuleDialog } from "@/components/rules/delete-rule-dialog";
import { RuleHistory } from "@/components/rules/rule-history";
import { EMPTY_CONDITIONS, type FieldOption } from "@/components/rules/rule-model";
import { TestPanel, type TestDraft } from "@/components/rules/test-panel";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ScriptForm } from "@/components/ui/script-form";
import type { EventChoice } from "@/lib/events/list-event-choices";
import type { ConditionGroup } from "@/lib/rules/schema";
import type { RuleVersionView } from "@/lib/rules/list-rule-versions";
import type { RuleView } from "@/lib/rules/rule-view";

type Sample = Parameters<Parameters<typeof TestPanel>[0]["testRule"]>[2];

export interface RuleBuilderProps {
  sourceId: string;
  rule: RuleView | null;
  versions: RuleVersionView[];
  catalogue: FieldOption[];
  events: EventChoice[];
  destinations: DestinationOption[];
  flash: string | null;
  createRule: (sourceId: string, input: unknown) => Promise<SaveRuleResult>;
  updateRule: (sourceId: string, ruleId: string, input: unknown) => Promise<SaveRuleResult>;
  testRule: (sourceId: string, draft: TestDraft, sample: Sample) => Promise<TestRuleOutcome>;
  findEvents: (sourceId: string, search: string) => Promise<EventChoice[]>;
  backtest: (sourceId: string, conditions: unknown, limit: number, ruleId: string | null) => Promise<BacktestOutcome>;
  backtestChain: (sourceId: string, request: unknown) => Promise<ChainBacktestOutcome>;
  rollback: (sourceId: string, ruleId: string, version: number) => Promise<SaveRuleResult>;
  deleteRule: (sourceId: string, ruleId: string) => Promise<ActionResult>;
  /** A new rule's starting conditions ("Create a rule from this filter"); ignored when editing a rule. */
  initialConditions?: ConditionGroup;
  /** The event the test panel starts on ("Create a rule from this event"); the newest otherwise. */
  initialTestEventId?: string;
}

interface Draft {
  name: string;
  enabled: boolean;
  conditions: ConditionGroup;
  actions: ActionDraft[];
}

function draftOf(rule: RuleView | null, initialConditions: ConditionGroup = EMPTY_CONDITIONS): Draft {
  return rule
    ? { name: rule.name, enabled: rule.enabled, conditions: rule.conditions, actions: rule.actions.map(toDraft) }
    : { name: "", enabled: true, conditions: initialConditions, actions: [] };
}

function payloadOf(draft: Draft) {
  return { name: draft.name, enabled: draft.enabled, conditions: draft.conditions, actions: draft.actions.map(fromDraft) };
}

/** Strips react-querybuilder's generated ids, so "unsaved changes" compares content only. */
function contentKey(payload: ReturnType<typeof payloadOf>): string {
  return JSON.stringify(payload, (key, value: unknown) => (key === "id" || key === "path" ? undefined : value));
}

function withoutPrefix(errors: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => key !== prefix && !key.startsWith(`${prefix}.`)));
}

export function RuleBuilder(props: RuleBuilderProps) {
  const { sourceId, rule, versions, catalogue, events, destinations } = props;
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  // Prefilled conditions count as an unsaved change: savedKey stays the empty rule's.
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule, props.initialConditions));
  const [savedKey, setSavedKey] = useState(() => contentKey(payloadOf(draftOf(rule))));
  const [syncedVersion, setSyncedVersion] = useState(rule?.version ?? 0);
  const [saveErrors, setSaveErrors] = useState<Record<string, string>>({});
  const [liveErrors, setLiveErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "success" | "error" | "info"; text: string } | null>(props.flash ? { tone: "success", text: props.flash } : null);
  const [failure, setFailure] = useState(0);
  const [pending, startTransition] = useTransition();
  useFocusFirstError(formRef, failure);

  // A version saved elsewhere (restore from history): take it over.
  if (rule && rule.version !== syncedVersion) {
    const next = draftOf(rule);
    setSyncedVersion(rule.version);
    setDraft(next);
    setSavedKey(contentKey(payloadOf(next)));
    setSaveErrors({});
  }

  const payload = useMemo(() => payloadOf(draft), [draft]);
  const dirty = contentKey(payload) !== savedKey;
  const testDraft = useMemo<TestDraft>(() => payload, [payload]);
  const chainDraft = useMemo(() => ({ ruleId: rule?.id ?? null, rule: payload }), [rule?.id, payload]);
  const destinationNames = useMemo(() => Object.fromEntries(destinations.map((destination) => [destination.id, destination.name])), [destinations]);

  const errors = useMemo(() => {
    const live = Object.fromEntries(Object.entries(liveErrors).filter(([, text]) => text !== "Choose a field"));
    return { ...live, ...saveErrors };
  }, [liveErrors, saveErrors]);
  const onLiveErrors = useCallback((next: Record<string, string>) => setLiveErrors(next), []);

  function change(patch: Partial<Draft>, section: "name" | "enabled" | "conditions" | "actions") {
    // react-querybuilder reports its prepared query (ids added) once on mount: not an edit.
    const edit = contentKey(payloadOf({ ...draft, ...patch })) !== contentKey(payloadOf(draft));
    setDraft((current) => ({ ...current, ...patch }));
    if (!edit) return;
    setSaveErrors((current) => withoutPrefix(current, section));
    if (message?.tone !== "error") setMessage(null);
  }

  function save(event?: FormEvent) {
    event?.preventDefault();
    startTransition(async () => {
      const outcome = rule ? await props.updateRule(sourceId, rule.id, payload) : await props.createRule(sourceId, payload);
      if (!outcome.ok) {
        setSaveErrors(outcome.fieldErrors);
        const count = Object.keys(outcome.fieldErrors).length;
        setMessage({ tone: "error", text: outcome.message ?? `Not saved: ${count === 1 ? "one thing needs" : `${count} things need`} fixing (marked below).` });
        setFailure((n) => n + 1);
        return;
      }
      setSaveErrors({});
      if (!rule) {
        router.push(`/sources/${sourceId}/rules/${outcome.ruleId}?saved=created`);
        return;
      }
      const unchanged = outcome.version === rule.version;
      setSyncedVersion(outcome.version);
      setSavedKey(contentKey(payload));
      setMessage({ tone: unchanged ? "info" : "success", text: unchanged ? "Nothing changed since the saved version." : `Saved as version ${outcome.version}. It applies to events received from now on.` });
      router.refresh();
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
    }
  }

  const nameError = errors.name;

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_25rem]">
      <div className="min-w-0 space-y-6">
        <ScriptForm ref={formRef} onSubmit={save} onKeyDown={onKeyDown} className="space-y-6" noValidate aria-label="Rule">
          <Card>
            <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
              <div className="flex-1 space-y-1">
                <label htmlFor="rule-name" className="block text-sm font-medium text-slate-700">
                  Rule name
                </label>
                <input
                  id="rule-name"
                  value={draft.name}
                  onChange={(event) => change({ name: event.target.value }, "name")}
                  placeholder="Urgent tickets to on-call"
                  aria-invalid={nameError ? true : undefined}
                  aria-describedby={nameError ? "rule-name-error" : undefined}
                  autoComplete="off"
                  className={`block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${nameError ? "ring-red-400" : "ring-slate-300"}`}
                />
                {nameError ? (
                  <p id="rule-name-error" className="text-xs text-red-600">
                    {nameError}
                  </p>
                ) : null}
              </div>
              <label className="flex cursor-pointer items-center gap-3 sm:pt-7">
                <input type="checkbox" role="switch" checked={draft.enabled} onChange={(event) => change({ enabled: event.target.checked }, "enabled")} className="peer sr-only" />
                <span aria-hidden="true" className="relative inline-flex h-6 w-11 shrink-0 rounded-full bg-slate-300 transition-colors peer-checked:bg-indigo-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 after:absolute after:top-0.5 after:left-0.5 after:size-5 after:rounded-full after:bg-white after:shadow after:transition-transform peer-checked:after:translate-x-5" />
                <span className="text-sm font-medium text-slate-700">Enabled</span>
              </label>
            </div>
          </Card>

          <Card title="When an event matches">
            <ConditionsTextToggle key={syncedVersion} label="Conditions" value={draft.conditions} onChange={(conditions) => change({ conditions }, "conditions")} catalogue={catalogue} errors={errors} />
            {catalogue.every((field) => field.origin !== "seen") ? (
              <p className="mt-3 text-xs text-slate-500">No events received yet, so the field picker only knows the built-in fields. Send a webhook to this source to pick from its real fields, or type a path such as body.ticket.priority.</p>
            ) : null}
          </Card>

          <Card title="Then">
            <ActionsEditor actions={draft.actions} onChange={(actions) => change({ actions }, "actions")} destinations={destinations} catalogue={catalogue} errors={errors} />
          </Card>

          <div className="sticky bottom-0 z-20 -mx-1 flex flex-col gap-3 rounded-lg bg-white/95 px-4 py-3 shadow-md ring-1 ring-slate-200 backdrop-blur sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0 text-sm" aria-live="polite">
              {message ? (
                <Alert tone={message.tone}>{message.text}</Alert>
              ) : dirty ? (
                <span className="flex items-center gap-2 text-slate-600">
                  <Badge tone="amber">Unsaved changes</Badge> {rule ? `Saving creates version ${rule.version + 1}.` : "Test it, then save."}
                </span>
              ) : (
                <span className="text-slate-500">{rule ? `Version ${rule.version} · saved` : "New rule: it runs after the existing rules."}</span>
              )}
            </div>
            <div className="flex shrink-0 gap-2">
              <Link href={`/sources/${sourceId}/rules`} className="inline-flex items-center rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100">
                {dirty ? "Cancel" : "Back to rules"}
              </Link>
              <Button type="submit" disabled={pending} title="Ctrl+S">
                {pending ? "Saving…" : "Save rule"}
              </Button>
            </div>
          </div>
        </ScriptForm>

        {rule ? (
          <Card title={`History (${versions.length} ${versions.length === 1 ? "version" : "versions"})`}>
            <RuleHistory
              sourceId={sourceId}
              ruleId={rule.id}
              currentVersion={rule.version}
              versions={versions}
              rollback={props.rollback}
              onRestored={(from, to) => {
                setMessage({ tone: "success", text: `Restored version ${from} as version ${to}.` });
                router.refresh();
              }}
            />
          </Card>
        ) : null}

        {rule ? (
          <section className="rounded-lg bg-white shadow-xs ring-1 ring-red-200">
            <header className="border-b border-red-200 px-4 py-3">
              <h2 className="text-sm font-semibold text-red-700">Danger zone</h2>
            </header>
            <div className="p-4">
              <DeleteRuleDialog sourceId={sourceId} ruleId={rule.id} ruleName={rule.name} versionCount={versions.length} deleteRule={props.deleteRule} />
            </div>
          </section>
        ) : null}
      </div>

      <aside className="space-y-6 xl:sticky xl:top-4 xl:max-h-[calc(100vh-2rem)] xl:self-start xl:overflow-y-auto" aria-label="Try the rule">
        <TestPanel sourceId={sourceId} draft={testDraft} events={events} initialEventId={props.initialTestEventId} destinationNames={destinationNames} testRule={props.testRule} findEvents={props.findEvents} onConditionErrors={onLiveErrors} />
        <BacktestPanel sourceId={sourceId} ruleId={rule?.id ?? null} savedVersion={rule ? syncedVersion : null} conditions={draft.conditions} backtest={props.backtest} />
        <ChainBacktestPanel sourceId={sourceId} draft={chainDraft} run={props.backtestChain} compact />
      </aside>
    </div>
  );
}
