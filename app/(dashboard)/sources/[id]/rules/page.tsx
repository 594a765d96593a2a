// A source's routing rules in evaluation order: reorder, enable/disable, open one, add one.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChainBacktestPanel } from "@/components/rules/chain-backtest-panel";
import { RuleList } from "@/components/rules/rule-list";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { PageHeader } from "@/components/ui/page-header";
import { listDestinations } from "@/lib/destinations/list-destinations";
import { listRuleMatchCounts } from "@/lib/rules/list-rule-match-counts";
import { listRules } from "@/lib/rules/list-rules";
import { getSource } from "@/lib/sources/get-source";
import { backtestChainAction, reorderRulesAction, setRuleEnabledAction } from "./actions";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ deleted?: string }> }) {
  const [{ id }, { deleted }] = await Promise.all([params, searchParams]);
  const source = await getSource({ id });
  if (!source) notFound();
  const [rules, destinations, matchCounts] = await Promise.all([listRules({ sourceId: source.id }).then((rules) => rules ?? []), listDestinations(), listRuleMatchCounts({ sourceId: source.id })]);
  const newRule = `/sources/${source.id}/rules/new`;

  return (
    <>
      <PageHeader
        title={`Rules for ${source.name}`}
        description={
          <Link href={`/sources/${source.id}`} className="text-indigo-700 hover:underline">
            ← {source.name}
          </Link>
        }
        actions={
          <Link href={newRule} className={buttonClasses("primary")}>
            New rule
          </Link>
        }
      />
      <div className="space-y-4">
        {typeof deleted === "string" ? <Alert tone="success">Deleted the rule “{deleted}”.</Alert> : null}
        {rules.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10">
            <div className="mx-auto max-w-2xl space-y-3 text-sm text-slate-600">
              <h2 className="text-center text-base font-semibold text-slate-900">No rules yet</h2>
              <p className="text-center">Rules decide what happens to each event this source receives: forward it to destinations, tag it, set routing fields, or ignore it.</p>
              <ul className="mx-auto max-w-xl list-disc space-y-1 pl-5">
                <li>
                  Rules run <strong>in order</strong>, top to bottom, for every event. Each one whose conditions match runs its actions.
                </li>
                <li>Tags and routing fields set by a rule are visible to the rules after it (as <code className="font-mono text-xs">tags</code> and <code className="font-mono text-xs">routing.&lt;key&gt;</code>).</li>
                <li>
                  <strong>Stop processing</strong> and <strong>Ignore event</strong> end the chain: later rules do not run.
                </li>
                <li>Test a rule on real events and backtest it on history before you save it.</li>
              </ul>
              <p className="pt-2 text-center">
                <Link href={newRule} className={buttonClasses("primary")}>
                  Create the first rule
                </Link>
              </p>
            </div>
          </div>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              Every event runs through these rules from top to bottom. Tags and routing fields set by a rule are visible to the ones below it; <strong>stop</strong> and <strong>ignore</strong> end the chain.
            </p>
            <RuleList sourceId={source.id} rules={rules} destinations={destinations.map((destination) => ({ id: destination.id, name: destination.name }))} matchCounts={matchCounts} reorder={reorderRulesAction} setEnabled={setRuleEnabledAction} />
            <ChainBacktestPanel sourceId={source.id} draft={null} run={backtestChainAction} />
          </>
        )}
      </div>
    </>
  );
}
