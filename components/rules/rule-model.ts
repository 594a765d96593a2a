// Pure helpers for the rule builder and list: the draft's shape, the field catalogue (with a type
// per field), which operators fit which type, and one-line summaries. Client-safe (no I/O).
import { BUILTIN_FIELDS } from "@/lib/rules/fields";
import { OPERATOR_DEFINITIONS, operatorLabel, type Operator, type OperatorArity } from "@/lib/rules/operators";
import type { Action, ConditionGroup } from "@/lib/rules/schema";
import type { CollectedField } from "@/lib/rules/collect-fields";
import { parseIsoDate, toNumber } from "@/lib/rules/operators";

export type FieldKind = "string" | "number" | "date" | "boolean" | "array" | "object" | "null" | "any";

export interface FieldOption {
  /** The field reference, e.g. body.ticket.priority. */
  name: string;
  label: string;
  kind: FieldKind;
  /** Where the field comes from, for the picker's grouping. */
  origin: "seen" | "builtin" | "routing" | "custom";
  samples: Array<string | number | boolean | null>;
  /** Events (of the recent ones) the field appeared in. */
  count?: number;
}

export const EMPTY_CONDITIONS: ConditionGroup = { combinator: "and", rules: [] };

const ARITY = new Map<string, OperatorArity>(OPERATOR_DEFINITIONS.map((op) => [op.name, op.arity]));

export function arityOf(operator: string): OperatorArity {
  return ARITY.get(operator) ?? "single";
}

const PRESENCE: Operator[] = ["exists", "missing"];
const OPERATORS_BY_KIND: Record<FieldKind, Operator[]> = {
  string: ["=", "!=", "contains", "doesNotContain", "beginsWith", "doesNotBeginWith", "endsWith", "doesNotEndWith", "matches", "in", "notIn", "empty", "notEmpty", ...PRESENCE],
  number: ["=", "!=", ">", ">=", "<", "<=", "between", "notBetween", "in", "notIn", ...PRESENCE],
  date: ["=", "!=", ">", ">=", "<", "<=", "between", "notBetween", "empty", "notEmpty", ...PRESENCE],
  boolean: ["=", "!=", ...PRESENCE],
  array: ["contains", "doesNotContain", "in", "notIn", "empty", "notEmpty", ...PRESENCE],
  object: ["empty", "notEmpty", ...PRESENCE],
  null: ["=", "!=", "empty", "notEmpty", ...PRESENCE],
  any: OPERATOR_DEFINITIONS.map((op) => op.name),
};

export function operatorsFor(kind: FieldKind): Array<{ name: Operator; label: string }> {
  const allowed = new Set<string>(OPERATORS_BY_KIND[kind]);
  return OPERATOR_DEFINITIONS.filter((op) => allowed.has(op.name)).map(({ name, label }) => ({ name, label }));
}

export const KIND_LABEL: Record<FieldKind, string> = {
  string: "text",
  number: "number",
  date: "date",
  boolean: "true/false",
  array: "list",
  object: "object",
  null: "null",
  any: "any",
};

function kindOfCollected(field: CollectedField): FieldKind {
  const type = field.types[0];
  if (type === "string") {
    const strings = field.samples.filter((sample): sample is string => typeof sample === "string");
    if (strings.length > 0 && strings.every((sample) => parseIsoDate(sample) !== undefined)) return "date";
    if (strings.length > 0 && strings.every((sample) => toNumber(sample) !== undefined)) return "number";
    return "string";
  }
  return type ?? "any";
}

const BUILTIN_KIND: Record<string, FieldKind> = {
  "event.type": "string",
  "event.method": "string",
  "source.name": "string",
  "source.id": "string",
  tags: "array",
  body: "object",
};

/** Guesses the kind of a field typed by hand (not seen in recent events). */
export function kindOfCustom(name: string): FieldKind {
  if (name.startsWith("headers.") || name.startsWith("routing.") || name.startsWith("event.") || name.startsWith("source.")) return "string";
  if (name === "tags") return "array";
  return "any";
}

/** The field picker's catalogue: fields seen in recent events, then the built-in ones, then routing keys. */
export function buildFieldCatalogue(seen: CollectedField[], routingKeys: string[]): FieldOption[] {
  const out: FieldOption[] = [];
  const names = new Set<string>();
  for (const field of seen) {
    names.add(field.field);
    out.push({ name: field.field, label: field.field, kind: kindOfCollected(field), origin: "seen", samples: field.samples, count: field.count });
  }
  for (const builtin of BUILTIN_FIELDS) {
    const existing = out.find((option) => option.name === builtin.field);
    if (existing) {
      existing.label = `${builtin.field}`;
      continue;
    }
    names.add(builtin.field);
    out.push({ name: builtin.field, label: builtin.label, kind: BUILTIN_KIND[builtin.field] ?? "any", origin: "builtin", samples: [] });
  }
  for (const key of routingKeys) {
    const name = `routing.${key}`;
    if (names.has(name)) continue;
    names.add(name);
    out.push({ name, label: `Routing field “${key}” (set by an earlier rule)`, kind: "string", origin: "routing", samples: [] });
  }
  return out;
}

export function formatSample(sample: string | number | boolean | null): string {
  return typeof sample === "string" ? sample : JSON.stringify(sample);
}

// ---------------------------------------------------------------------------------------------
// Summaries (one line, for the list)

type Node = ConditionGroup | ConditionGroup["rules"][number];

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(item)).join(", ")}]`;
  if (typeof value === "string") return `“${value}”`;
  return JSON.stringify(value) ?? "";
}


function describeNode(node: Node, top: boolean): string {
  if ("rules" in node) {
    const active = node.rules.filter((child) => !child.disabled);
    if (active.length === 0) return node.not ? "never" : "every event";
    const joiner = node.combinator === "or" ? " OR " : " AND ";
    const inner = active.map((child) => describeNode(child, false)).join(joiner);
    const wrapped = top && !node.not ? inner : `(${inner})`;
    return node.not ? `NOT ${wrapped}` : wrapped;
  }
  const arity = arityOf(node.operator);
  const value = arity === "none" ? "" : arity === "range" && Array.isArray(node.value) ? ` ${formatValue(node.value[0])} and ${formatValue(node.value[1])}` : ` ${formatValue(node.value)}`;
  return `${node.field} ${operatorLabel(node.operator)}${value}`;
}

/** "body.priority = “high” AND body.subject contains “fire”", or "every event". */
export function summarizeConditions(group: ConditionGroup): string {
  return describeNode(group, true);
}

export function summarizeAction(action: Action, destinationNames: ReadonlyMap<string, string>): string {
  switch (action.type) {
    case "forward":
      return `forward to ${action.destinationIds.map((id) => destinationNames.get(id) ?? "(deleted destination)").join(", ")}${action.body?.mode === "template" ? " (templated body)" : ""}`;
    case "addTags":
      return `tag ${action.tags.join(", ")}`;
    case "setRouting":
      return `set ${Object.entries(action.fields)
        .map(([key, value]) => `${key} = ${value}`)
        .join(", ")}`;
    case "stop":
      return "stop processing";
    case "ignore":
      return "ignore the event";
  }
}

/** Routing keys any rule sets, for `routing.<key>` suggestions. */
export function routingKeysOf(rules: Array<{ actions: Action[] }>): string[] {
  const keys = new Set<string>();
  for (const rule of rules) for (const action of rule.actions) if (action.type === "setRouting") for (const key of Object.keys(action.fields)) keys.add(key);
  return [...keys].sort();
}

/** Fields referenced in a condition tree. */
export function fieldsInConditions(group: ConditionGroup): string[] {
  return group.rules.flatMap((node) => ("rules" in node ? fieldsInConditions(node) : [node.field]));
}
