// A new rule for a source: the builder with its live test and backtest panels.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RuleBuilder } from "@/components/rules/rule-builder";
import { PageHeader } from "@/components/ui/page-header";
import { getSource } from "@/lib/sources/get-source";
import { backtestRuleAction, createRuleAction, deleteRuleAction, findTestEventsAction, rollbackRuleAction, testRuleAction, updateRuleAction } from "../actions";
import { loadBuilderData } from "../load-builder-data";

export const metadata: Metadata = { title: "New rule" };

export default async function NewRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
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
      <RuleBuilder
        sourceId={source.id}
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
        rollback={rollbackRuleAction}
        deleteRule={deleteRuleAction}
      />
    </>
  );
}
