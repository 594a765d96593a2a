// A new rule for a source: the builder with its live test and backtest panels.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RuleBuilder } from "@/components/rules/rule-builder";
import { PageHeader } from "@/components/ui/page-header";
import { parseConditions } from "@/lib/rules/condition-text";
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
  // ?where=… (the conditions' text form) starts the rule from an events filter or an event.
  const where = (await searchParams).where;
  const prefill = typeof where === "string" && where.trim() !== "" ? parseConditions(where) : null;
  const source = await getSource({ id });
  if (!source) notFound();
  const data = await loadBuilderData(source.id);

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
      <RuleBuilder
        sourceId={source.id}
        initialConditions={prefill?.ok ? prefill.conditions : undefined}
        rule={null}
        versions={[]}
        catalogue={data.catalogue}
        events={data.events}
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
