// A condition tree as evaluated: each condition with its outcome and the value it saw.
import type { ConditionLeafTrace, GroupTrace } from "@/lib/rules/evaluate";
import { operatorLabel } from "@/lib/rules/operators";

function Mark({ passed, skipped }: { passed: boolean; skipped?: boolean }) {
  if (skipped) return <span className="text-slate-400" aria-label="skipped">–</span>;
  return passed ? (
    <span className="text-emerald-600" aria-label="passed">✓</span>
  ) : (
    <span className="text-red-600" aria-label="failed">✗</span>
  );
}

function show(value: unknown): string {
  if (value === undefined) return "missing";
  return JSON.stringify(value) ?? "undefined";
}

function Leaf({ node }: { node: ConditionLeafTrace }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 py-0.5">
      <Mark passed={node.passed} skipped={node.skipped} />
      <code className="font-mono text-xs text-slate-800">
        {node.field} {operatorLabel(node.operator)}
        {node.expected === undefined ? "" : ` ${show(node.expected)}`}
      </code>
      <span className="text-xs text-slate-500">
        saw {node.actualType === "missing" ? "nothing (field missing)" : <code className="font-mono">{show(node.actual)}</code>}
        {node.note ? ` — ${node.note}` : ""}
      </span>
    </li>
  );
}

export function ConditionTraceTree({ group }: { group: GroupTrace }) {
  const label = `${group.not ? "NOT " : ""}${group.combinator === "or" ? "any of" : "all of"}`;
  return (
    <div>
      <p className="flex items-center gap-2 text-xs font-medium text-slate-600">
        <Mark passed={group.passed} skipped={group.skipped} /> {label}
        {group.rules.length === 0 ? <span className="font-normal text-slate-500">(no conditions: always matches)</span> : null}
      </p>
      <ul className="ml-4 border-l border-slate-200 pl-3">
        {group.rules.map((node, index) =>
          node.kind === "group" ? (
            <li key={node.id ?? index} className="py-0.5">
              <ConditionTraceTree group={node} />
            </li>
          ) : (
            <Leaf key={node.id ?? index} node={node} />
          ),
        )}
      </ul>
    </div>
  );
}
