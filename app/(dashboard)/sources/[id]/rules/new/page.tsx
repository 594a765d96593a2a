// A new rule for a source: the builder with its live test and backtest panels.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RuleBuilder } from "@/components/rules/rule-builder";
import { PageHeader } from "@/components/ui/page-header";
import { parseConditions } from "@/lib/rules/condition-text";
import { ruleStartFromEvent } from "@/lib/events/rule-start-from-event";
import { getSource } from "@/lib/sources/get-source";
import { backtestChainAction, backtestRuleAction, createRuleAction, deleteRuleAction, findTestEventsAction, rollbackRuleAction, testRuleAction, updateRuleAction } from "../actions";
import { loadBuilderData } from "../load-builder-data";

export const metadata: Metadata = { title: "New rule" };

export default async function NewRulePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const query = await searchParams;
  // ?where=… (the conditions' text form) starts the rule from an events filter or a body value;
  // ?event=<id> tests it on that event, and without ?where starts from what kind of event it is.
  const where = query.where;
  const eventId = typeof query.event === "string" ? query.event : null;
  const prefill = typeof where === "string" && where.trim() !== "" ? parseConditions(where) : null;
  const source = await getSource({ id });
  if (!source) notFound();
  const [data, fromEvent] = await Promise.all([loadBuilderData(source.id), eventId ? ruleStartFromEvent({ eventId, sourceId: source.id }) : null]);
  const events = fromEvent && !data.events.some((event) => event.id === fromEvent.choice.id) ? [fromEvent.choice, ...data.events] : data.events;
  const initialConditions = prefill?.ok ? prefill.conditions : (fromEvent?.conditions ?? undefined);

  return (
    <>
      <PageHeader
        title="New rule"
        description={
          <Link href={`/sources/${source.id}/rules`} className="text-indigo-700 hover:underline">
            ← Rules for {source.name}
          </Link>
        }
      />
      {prefill && !prefill.ok ? (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          The conditions in the link could not be read ({prefill.message}); the rule starts empty.
        </p>
      ) : null}
      {eventId && !fromEvent ? (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          The event in the link is not one of {source.name}&apos;s (or no longer exists); the rule starts without it.
        </p>
      ) : null}
      {fromEvent && !prefill ? (
        <p className="mb-4 rounded-md bg-indigo-50 p-3 text-sm text-indigo-900 ring-1 ring-indigo-200" data-testid="rule-from-event">
          {fromEvent.conditions.rules.length > 0
            ? "Started from the event: its conditions say what kind of event it is. Narrow or widen them, and watch the test on that event."
            : "Started from the event: nothing in it says what kind of event it is (no type, and the summary template shows only ids and text). Add conditions, and watch the test on that event."}
        </p>
      ) : null}
      <RuleBuilder
        sourceId={source.id}
        initialConditions={initialConditions}
        initialTestEventId={fromEvent?.choice.id}
        rule={null}
        versions={[]}
        catalogue={data.catalogue}
        events={events}
        destinations={data.destinations}
        flash={null}
        createRule={createRuleAction}
        updateRule={updateRuleAction}
        testRule={testRuleAction}
        findEvents={findTestEventsAction}
        backtest={backtestRuleAction}
        backtestChain={backtestChainAction}
        rollback={rollbackRuleAction}
        deleteRule={deleteRuleAction}
      />
    </>
  );
}
