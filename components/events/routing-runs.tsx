// The routing runs of an event: for each rule, whether it matched, why, and what it did.
import { Badge } from "@/components/ui/badge";
import { ConditionTraceTree } from "@/components/events/condition-trace-tree";
import { describeAction } from "@/lib/rules/rule-diff";
import type { EventDetail } from "@/lib/events/get-event";
import type { RuleTrace } from "@/lib/rules/evaluate";
import { utcDateTime } from "@/components/ui/utc-date-time";

/** Forwards are traced by destination id; show names where the event's deliveries know them. */
function describe(action: RuleTrace["actionsRun"][number], names: ReadonlyMap<string, string>): string {
  if (action.type === "invalid") return action.note;
  if (action.type === "forward") return describeAction({ ...action, destinationIds: action.destinationIds.map((id) => names.get(id) ?? id) });
  return describeAction(action);
}

export function RoutingRuns({ runs, destinationNames }: { runs: EventDetail["routingRuns"]; destinationNames: ReadonlyMap<string, string> }) {
  if (runs.length === 0) return <p className="text-sm text-slate-500">Not routed yet: the worker picks events up within moments.</p>;
  return (
    <div className="space-y-6">
      {runs.map((run) => (
        <section key={run.id} aria-label={`Routing run ${run.createdAt.toISOString()}`} data-testid="routing-run">
          <p className="mb-2 text-xs text-slate-500">
            {run.trigger === "replay" ? "Replayed" : "Routed"} {utcDateTime(run.createdAt)} · outcome{" "}
            <strong className="text-slate-700">{run.outcome}</strong>
          </p>
          {run.trace.length === 0 ? <p className="text-sm text-slate-500">This source has no rules.</p> : null}
          <ol className="space-y-3">
            {run.trace.map((rule) => (
              <li key={rule.ruleId} className="rounded-md border border-slate-200 p-3">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium text-slate-900">{rule.ruleName}</span>
                  {rule.ruleVersion !== null ? <span className="text-xs text-slate-500">v{rule.ruleVersion}</span> : null}
                  {rule.skipped === "disabled" ? (
                    <Badge>disabled</Badge>
                  ) : rule.skipped === "notReached" ? (
                    <Badge>not reached (an earlier rule stopped)</Badge>
                  ) : rule.matched ? (
                    <Badge tone="green">matched</Badge>
                  ) : (
                    <Badge tone="gray">did not match</Badge>
                  )}
                </p>
                {rule.conditions ? (
                  <div className="mt-2">
                    <ConditionTraceTree group={rule.conditions} />
                  </div>
                ) : null}
                {rule.actionsRun.length > 0 ? (
                  <ul className="mt-2 list-disc pl-5 text-xs text-slate-700">
                    {rule.actionsRun.map((action, index) => (
                      <li key={index}>{describe(action, destinationNames)}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
