// One rule: the builder (saving makes a new version), its history with restore, and deletion.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RuleBuilder } from "@/components/rules/rule-builder";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { listRuleVersions } from "@/lib/rules/list-rule-versions";
import { getSource } from "@/lib/sources/get-source";
import { backtestChainAction, backtestRuleAction, createRuleAction, deleteRuleAction, findTestEventsAction, rollbackRuleAction, testRuleAction, updateRuleAction } from "../actions";
import { loadBuilderData } from "../load-builder-data";

export const metadata: Metadata = { title: "Rule" };

const FLASH: Record<string, string> = { created: "Rule created as version 1. It applies to events received from now on." };

export default async function RulePage({ params, searchParams }: { params: Promise<{ id: string; ruleId: string }>; searchParams: Promise<{ saved?: string }> }) {
  const [{ id, ruleId }, { saved }] = await Promise.all([params, searchParams]);
  const source = await getSource({ id });
  if (!source) notFound();
  const [data, versions] = await Promise.all([loadBuilderData(source.id), listRuleVersions({ ruleId })]);
  const rule = data.rules.find((candidate) => candidate.id === ruleId);
  if (!rule) notFound();
  const position = data.rules.indexOf(rule) + 1;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {rule.name} <Badge>v{rule.version}</Badge> {rule.enabled ? null : <Badge tone="amber">disabled</Badge>}
          </span>
        }
        description={
          <>
            <Link href={`/sources/${source.id}/rules`} className="text-indigo-700 hover:underline">
              ← Rules for {source.name}
            </Link>
            <span className="text-slate-500">
              {" "}
              · rule {position} of {data.rules.length}
            </span>
          </>
        }
      />
      <RuleBuilder
        sourceId={source.id}
        rule={rule}
        versions={versions}
        catalogue={data.catalogue}
        events={data.events}
        destinations={data.destinations}
        flash={saved ? (FLASH[saved] ?? null) : null}
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
