// A readable diff between two versions of a rule: one line per condition or action added, removed
// or changed, in the words the builder uses.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { operatorLabel } from "@/lib/rules/operators";

export const RuleChange = z.object({ kind: z.enum(["added", "removed", "changed"]), what: z.string() });
export type RuleChange = z.infer<typeof RuleChange>;

interface VersionLike {
  name: string;
  enabled: boolean;
  conditions: unknown;
  actions: unknown;
}

type Node = { field?: string; operator?: string; value?: unknown; combinator?: string; not?: boolean; rules?: Node[] };

/** Flattens a condition tree into readable lines ("all of: priority = high"). */
export function describeConditions(group: unknown, depth = 0): string[] {
  const node = group as Node;
  if (!node || !Array.isArray(node.rules)) return [];
  const lines: string[] = [];
  for (const child of node.rules) {
    if (Array.isArray(child.rules)) {
      lines.push(`${"  ".repeat(depth)}${child.not ? "none" : child.combinator === "or" ? "any" : "all"} of:`);
      lines.push(...describeConditions(child, depth + 1));
    } else {
      const value = child.value === undefined ? "" : ` ${JSON.stringify(child.value)}`;
      lines.push(`${"  ".repeat(depth)}${child.field ?? "?"} ${child.operator ? operatorLabel(child.operator) : "?"}${value}`);
    }
  }
  return lines;
}

export function describeAction(action: unknown): string {
  const a = action as { type?: string; destinationIds?: string[]; tags?: string[]; fields?: Record<string, string>; body?: { mode?: string } };
  switch (a.type) {
    case "forward":
      return `forward to ${(a.destinationIds ?? []).join(", ")}${a.body?.mode === "template" ? " (templated body)" : ""}`;
    case "addTags":
      return `add tags ${(a.tags ?? []).join(", ")}`;
    case "setRouting":
      return `set ${Object.entries(a.fields ?? {}).map(([key, value]) => `${key} = ${value}`).join(", ")}`;
    case "stop":
      return "stop processing";
    case "ignore":
      return "ignore the event";
    default:
      return JSON.stringify(action);
  }
}

function diffLines(before: string[], after: string[], label: string): RuleChange[] {
  const removed = before.filter((line) => !after.includes(line)).map((line) => ({ kind: "removed" as const, what: `${label}: ${line.trim()}` }));
  const added = after.filter((line) => !before.includes(line)).map((line) => ({ kind: "added" as const, what: `${label}: ${line.trim()}` }));
  return [...removed, ...added];
}

export function diffRuleVersions(previous: VersionLike | null, next: VersionLike): RuleChange[] {
  if (!previous) return [{ kind: "added", what: "created" }];
  const changes: RuleChange[] = [];
  if (previous.name !== next.name) changes.push({ kind: "changed", what: `name: "${previous.name}" → "${next.name}"` });
  if (previous.enabled !== next.enabled) changes.push({ kind: "changed", what: next.enabled ? "enabled" : "disabled" });
  if (!isDeepStrictEqual(previous.conditions, next.conditions)) {
    const lines = diffLines(describeConditions(previous.conditions), describeConditions(next.conditions), "condition");
    changes.push(...(lines.length ? lines : [{ kind: "changed" as const, what: "conditions regrouped" }]));
  }
  if (!isDeepStrictEqual(previous.actions, next.actions)) {
    const lines = diffLines((previous.actions as unknown[]).map(describeAction), (next.actions as unknown[]).map(describeAction), "action");
    changes.push(...(lines.length ? lines : [{ kind: "changed" as const, what: "actions reordered" }]));
  }
  return changes;
}
