// Rule evaluation: pure, synchronous, no I/O. Compile once, evaluate many.
//
//   compileConditions(group)      → (ctx) => boolean          fast path (backtests), no traces
//   compileConditionTree(group)   → { test, trace }            both, sharing one compilation
//   evaluateConditions(group, ctx)→ { matched, trace }         one-off, for the live test panel
//   compileRules(rules)           → (ctx, { trace? }) => result   the worker's rule chain
//   evaluateRules(rules, ctx, opts)                              one-off version of the above
//
// Condition tree semantics:
//   * `and` = every active child passes; `or` = some active child passes; `not` negates.
//   * Children with `disabled: true` (react-querybuilder's flag) are skipped.
//   * A group with no active children MATCHES (then `not` applies): a rule with no conditions
//     is a catch-all, as in the builder, where an empty group means "all events".
//   * A malformed node (bad field, unknown operator, invalid regex, ...) never throws: a bad
//     condition is false (even for negative operators) and a bad group is false, with a
//     `note` in the trace.
//
// Rule chain semantics:
//   * Rules run in order. Disabled rules are skipped (they appear in the trace, skipped).
//   * A matching rule runs its actions in order. Tags and routing fields it sets are visible
//     to the conditions and templates of every later rule (and later actions of the same rule).
//   * `stop` ends the chain after the current rule; `ignore` ends it and marks the event
//     ignored. Rules after the end are reported as `skipped: "notReached"`.
//   * Outcome:
//       "ignored"   — a matching rule ran `ignore`. The event must not be delivered, so
//                     `forwards` is empty (forwards chosen by earlier rules are dropped; they
//                     remain visible in the trace). Tags and routing are still returned.
//       "routed"    — at least one enabled rule matched and none ignored the event. This does
//                     not imply delivery: a matched rule may only tag; check `forwards`.
//       "unmatched" — no enabled rule matched.
//   * Each destination receives the event at most once per run: a later forward to an
//     already chosen destination is skipped (listed in the action summary).
//   * Tags are deduplicated, first occurrence order kept. Routing values are strings; a
//     template whose field is missing renders "" (so `routing.x empty` covers both cases).

import type { Action, Condition, ConditionGroup, ForwardBody, Rule } from "./schema";
import type { EvaluationContext } from "./types";
import { valueTypeOf } from "./types";
import { compileField, type FieldResolver } from "./fields";
import { compileOperator, type CompiledOperator } from "./operators";
import { compileJsonTemplate, compileTextTemplate, valueToJson, type CompiledTemplate } from "./template";
import { TRACE_PREVIEW_LENGTH } from "./limits";
import type { ActionSummary, ConditionLeafTrace, ConditionTrace, ForwardBodyResult, ForwardResult, GroupTrace, RuleEvaluationResult, RuleTrace } from "./trace-schema";

// ---------------------------------------------------------------------------------------------
// Trace and result types: zod schemas with inferred types, in ./trace-schema.ts (the API documents
// them and routing runs store them).
export type { ActionSummary, ConditionLeafTrace, ConditionTrace, ForwardBodyResult, ForwardResult, GroupTrace, Outcome, RuleEvaluationResult, RuleTrace } from "./trace-schema";

export interface RunOptions {
  /** Build the per-rule trace (default true). Turn off for backtests. */
  trace?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Condition compilation

type Predicate = (ctx: EvaluationContext) => boolean;

interface CompiledLeaf {
  kind: "condition";
  id: string | undefined;
  field: string;
  operator: string;
  value: unknown;
  disabled: boolean;
  resolve: FieldResolver;
  op: CompiledOperator;
  error: string | undefined;
}

interface CompiledGroup {
  kind: "group";
  id: string | undefined;
  combinator: "and" | "or";
  not: boolean;
  disabled: boolean;
  children: CompiledNode[];
  error: string | undefined;
}

type CompiledNode = CompiledLeaf | CompiledGroup;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function compileNode(node: unknown, depth: number): CompiledNode {
  if (isRecord(node) && "rules" in node) return compileGroupNode(node, depth);
  return compileLeaf(node);
}

function compileLeaf(node: unknown): CompiledLeaf {
  const raw: Partial<Condition> & Record<string, unknown> = isRecord(node) ? node : {};
  const field = typeof raw.field === "string" ? raw.field : "";
  const compiledField = compileField(field);
  const op = compileOperator(raw.operator, raw.value);
  let error = compiledField.error ?? op.error;
  if (!isRecord(node)) error = "Invalid condition";
  else if (raw.valueSource !== undefined && raw.valueSource !== "value") error = "Only fixed values are supported";
  return {
    kind: "condition",
    id: optionalString(raw.id),
    field,
    operator: String(raw.operator),
    value: raw.value,
    disabled: raw.disabled === true,
    resolve: compiledField.resolve,
    op,
    error,
  };
}

const MAX_COMPILE_DEPTH = 64; // far above the schema's limit; only guards against hostile input

function compileGroupNode(node: Record<string, unknown>, depth: number): CompiledGroup {
  const combinator = node.combinator === "or" ? "or" : "and";
  let error: string | undefined;
  if (node.combinator !== "and" && node.combinator !== "or") error = `Invalid combinator "${String(node.combinator)}"`;
  let children: CompiledNode[] = [];
  if (!Array.isArray(node.rules)) error = "Group has no rules list";
  else if (depth > MAX_COMPILE_DEPTH) error = "Groups are nested too deeply";
  else children = node.rules.map((child) => compileNode(child, depth + 1));
  return {
    kind: "group",
    id: optionalString(node.id),
    combinator,
    not: node.not === true,
    disabled: node.disabled === true,
    children,
    error,
  };
}

function compileRoot(group: unknown): CompiledGroup {
  if (!isRecord(group)) {
    return {
      kind: "group",
      id: undefined,
      combinator: "and",
      not: false,
      disabled: false,
      children: [],
      error: "Invalid condition group",
    };
  }
  return compileGroupNode(group, 1);
}

const alwaysTrue: Predicate = () => true;
const alwaysFalse: Predicate = () => false;

/** Builds the fast predicate; returns undefined for disabled nodes (skipped). */
function predicateOf(node: CompiledNode): Predicate | undefined {
  if (node.disabled) return undefined;
  if (node.kind === "condition") {
    if (node.error) return alwaysFalse;
    const { resolve } = node;
    const test = node.op.test;
    return (ctx) => test(resolve(ctx));
  }
  if (node.error) return alwaysFalse;
  const preds: Predicate[] = [];
  for (const child of node.children) {
    const p = predicateOf(child);
    if (p) preds.push(p);
  }
  const not = node.not;
  let base: Predicate;
  if (preds.length === 0) base = alwaysTrue;
  else if (preds.length === 1) base = preds[0]!;
  else if (node.combinator === "and") {
    base = (ctx) => {
      for (let i = 0; i < preds.length; i++) if (!preds[i]!(ctx)) return false;
      return true;
    };
  } else {
    base = (ctx) => {
      for (let i = 0; i < preds.length; i++) if (preds[i]!(ctx)) return true;
      return false;
    };
  }
  return not ? (ctx) => !base(ctx) : base;
}

/** Preview of a value for traces: long strings and large JSON are cut to a string. */
export function previewValue(value: unknown): { value: unknown; truncated: boolean } {
  if (typeof value === "string") {
    return value.length > TRACE_PREVIEW_LENGTH
      ? { value: `${value.slice(0, TRACE_PREVIEW_LENGTH)}…`, truncated: true }
      : { value, truncated: false };
  }
  if (typeof value === "object" && value !== null) {
    const json = valueToJson(value);
    if (json.length > TRACE_PREVIEW_LENGTH)
      return { value: `${json.slice(0, TRACE_PREVIEW_LENGTH)}…`, truncated: true };
    // A detached copy, so later changes (e.g. tags added by this run) do not leak in.
    return { value: JSON.parse(json) as unknown, truncated: false };
  }
  return { value, truncated: false };
}

function traceLeaf(node: CompiledLeaf, ctx: EvaluationContext): ConditionLeafTrace {
  let actual: unknown;
  let passed = false;
  let note = node.error;
  if (!note) {
    actual = node.resolve(ctx);
    passed = node.op.test(actual);
    if (actual === undefined) note = "Field is not present in this event";
    else if (node.op.explain) note = node.op.explain(actual);
  }
  const a = previewValue(actual);
  const trace: ConditionLeafTrace = {
    kind: "condition",
    field: node.field,
    operator: node.operator,
    expected: previewValue(node.value).value,
    actual: a.value,
    actualType: valueTypeOf(actual),
    passed: node.disabled ? false : passed,
  };
  if (node.id !== undefined) trace.id = node.id;
  if (a.truncated) trace.truncated = true;
  if (node.disabled) trace.skipped = true;
  if (note) trace.note = note;
  return trace;
}

function traceGroup(node: CompiledGroup, ctx: EvaluationContext): GroupTrace {
  const rules = node.children.map((child) => (child.kind === "group" ? traceGroup(child, ctx) : traceLeaf(child, ctx)));
  let passed: boolean;
  if (node.error) passed = false;
  else {
    const active = rules.filter((r) => !r.skipped);
    const base =
      active.length === 0
        ? true
        : node.combinator === "and"
          ? active.every((r) => r.passed)
          : active.some((r) => r.passed);
    passed = node.not ? !base : base;
  }
  const trace: GroupTrace = {
    kind: "group",
    combinator: node.combinator,
    not: node.not,
    passed: node.disabled ? false : passed,
    rules,
  };
  if (node.id !== undefined) trace.id = node.id;
  if (node.disabled) trace.skipped = true;
  if (node.error) trace.note = node.error;
  return trace;
}

export interface CompiledConditionTree {
  /** Fast, short-circuiting test; builds no trace. */
  test: Predicate;
  /** Full evaluation of every condition, with a trace mirroring the group. */
  trace: (ctx: EvaluationContext) => { matched: boolean; trace: ConditionTrace };
}

/** Compiles a condition tree once for repeated evaluation. Never throws. */
export function compileConditionTree(group: ConditionGroup): CompiledConditionTree {
  const root = compileRoot(group);
  // A disabled root group is treated like an empty one: it matches everything.
  const test = predicateOf(root) ?? alwaysTrue;
  return {
    test,
    trace: (ctx) => {
      const trace = traceGroup(root, ctx);
      return { matched: root.disabled ? !root.error : trace.passed, trace };
    },
  };
}

/** Fast path: compile a condition tree to a boolean predicate (no traces). */
export function compileConditions(group: ConditionGroup): (ctx: EvaluationContext) => boolean {
  return compileConditionTree(group).test;
}

/** One-off evaluation with a trace, e.g. for the live test panel. */
export function evaluateConditions(
  group: ConditionGroup,
  ctx: EvaluationContext,
): { matched: boolean; trace: ConditionTrace } {
  return compileConditionTree(group).trace(ctx);
}

// ---------------------------------------------------------------------------------------------
// Actions

type CompiledAction =
  | {
      type: "forward";
      destinationIds: string[];
      body: { mode: "original" } | { mode: "template"; template: CompiledTemplate };
    }
  | { type: "addTags"; tags: string[] }
  | { type: "setRouting"; fields: Array<[string, CompiledTemplate]> }
  | { type: "stop" }
  | { type: "ignore" }
  | { type: "invalid"; note: string };

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function compileAction(action: unknown): CompiledAction {
  if (!isRecord(action)) return { type: "invalid", note: "Invalid action" };
  const a = action as Partial<Action> & Record<string, unknown>;
  switch (a.type) {
    case "forward": {
      const destinationIds = [...new Set(stringList(a.destinationIds).filter((d) => d !== ""))];
      const body = a.body as Partial<ForwardBody> | undefined;
      if (isRecord(body) && body.mode === "template") {
        const source = (body as { template?: unknown }).template;
        return {
          type: "forward",
          destinationIds,
          body: { mode: "template", template: compileJsonTemplate(typeof source === "string" ? source : "") },
        };
      }
      return { type: "forward", destinationIds, body: { mode: "original" } };
    }
    case "addTags":
      return {
        type: "addTags",
        tags: stringList(a.tags)
          .map((t) => t.trim())
          .filter((t) => t !== ""),
      };
    case "setRouting": {
      const fields: Array<[string, CompiledTemplate]> = [];
      if (isRecord(a.fields)) {
        for (const [key, value] of Object.entries(a.fields)) {
          if (key === "__proto__" || typeof value !== "string") continue;
          fields.push([key, compileTextTemplate(value)]);
        }
      }
      return { type: "setRouting", fields };
    }
    case "stop":
      return { type: "stop" };
    case "ignore":
      return { type: "ignore" };
    default:
      return { type: "invalid", note: `Unknown action type "${String(a.type)}"` };
  }
}

// ---------------------------------------------------------------------------------------------
// Rule chain

interface CompiledRule {
  id: string;
  name: string;
  version: number | null;
  enabled: boolean;
  tree: CompiledConditionTree;
  actions: CompiledAction[];
}

function compileRule(rule: Rule): CompiledRule {
  const r = (isRecord(rule) ? rule : {}) as Partial<Rule>;
  return {
    id: typeof r.id === "string" ? r.id : "",
    name: typeof r.name === "string" ? r.name : "",
    version: typeof r.version === "number" ? r.version : null,
    enabled: r.enabled === true,
    tree: compileConditionTree(r.conditions as ConditionGroup),
    actions: Array.isArray(r.actions) ? r.actions.map(compileAction) : [],
  };
}

/** The scope rules see while the chain runs: the event plus routing/tags accumulated so far. */
interface RunScope extends EvaluationContext {
  routing: Record<string, string>;
  tags: string[];
}

export type CompiledRules = (ctx: EvaluationContext, options?: RunOptions) => RuleEvaluationResult;

/** Compiles an ordered rule list once; the returned function evaluates one event. */
export function compileRules(rules: readonly Rule[]): CompiledRules {
  const compiled = (Array.isArray(rules) ? rules : []).map(compileRule);

  return (ctx, options) => {
    const withTrace = options?.trace !== false;
    const scope: RunScope = {
      event: ctx.event,
      source: ctx.source,
      routing: { ...(ctx.routing ?? {}) },
      tags: [...new Set(ctx.tags ?? [])],
    };
    const tagSet = new Set(scope.tags);
    const forwards: ForwardResult[] = [];
    const forwarded = new Set<string>();
    const trace: RuleTrace[] = [];
    let matchedAny = false;
    let ignored = false;
    let ended = false;

    for (const rule of compiled) {
      const base = { ruleId: rule.id, ruleName: rule.name, ruleVersion: rule.version, enabled: rule.enabled };
      if (ended || !rule.enabled) {
        if (withTrace)
          trace.push({ ...base, matched: false, skipped: ended ? "notReached" : "disabled", actionsRun: [] });
        continue;
      }

      let matched: boolean;
      let conditions: ConditionTrace | undefined;
      if (withTrace) {
        const r = rule.tree.trace(scope);
        matched = r.matched;
        conditions = r.trace;
      } else {
        matched = rule.tree.test(scope);
      }

      const actionsRun: ActionSummary[] = [];
      let stoppedHere = false;
      let ignoredHere = false;
      if (matched) {
        matchedAny = true;
        for (const action of rule.actions) {
          switch (action.type) {
            case "forward": {
              const skippedDuplicates: string[] = [];
              let body: ForwardBodyResult | undefined;
              for (const destinationId of action.destinationIds) {
                if (forwarded.has(destinationId)) {
                  skippedDuplicates.push(destinationId);
                  continue;
                }
                forwarded.add(destinationId);
                // Render once per action; the same body goes to each of its destinations.
                body ??=
                  action.body.mode === "template"
                    ? { mode: "template", rendered: action.body.template.render(scope) }
                    : { mode: "original" };
                forwards.push({ ruleId: rule.id, ruleVersion: rule.version, destinationId, body });
              }
              if (withTrace) {
                const summary: ActionSummary = {
                  type: "forward",
                  destinationIds: action.destinationIds,
                  bodyMode: action.body.mode,
                };
                if (skippedDuplicates.length > 0) summary.skippedDuplicates = skippedDuplicates;
                if (action.body.mode === "template" && action.body.template.errors.length > 0) {
                  summary.note = action.body.template.errors.join("; ");
                }
                actionsRun.push(summary);
              }
              break;
            }
            case "addTags":
              for (const tag of action.tags) {
                if (!tagSet.has(tag)) {
                  tagSet.add(tag);
                  scope.tags.push(tag);
                }
              }
              if (withTrace) actionsRun.push({ type: "addTags", tags: action.tags });
              break;
            case "setRouting": {
              const set: Record<string, string> = {};
              // Values are rendered first and assigned together, so fields of one action do
              // not see each other's new values (order of keys would otherwise matter).
              for (const [key, template] of action.fields) set[key] = template.render(scope);
              Object.assign(scope.routing, set);
              if (withTrace) actionsRun.push({ type: "setRouting", fields: set });
              break;
            }
            case "stop":
              stoppedHere = true;
              if (withTrace) actionsRun.push({ type: "stop" });
              break;
            case "ignore":
              stoppedHere = true;
              ignoredHere = true;
              if (withTrace) actionsRun.push({ type: "ignore" });
              break;
            case "invalid":
              if (withTrace) actionsRun.push({ type: "invalid", note: action.note });
              break;
          }
          if (stoppedHere) break;
        }
      }
      if (stoppedHere) ended = true;
      if (ignoredHere) ignored = true;

      if (withTrace) {
        const entry: RuleTrace = { ...base, matched, actionsRun };
        if (conditions) entry.conditions = conditions;
        if (stoppedHere) entry.stopped = true;
        if (ignoredHere) entry.ignored = true;
        trace.push(entry);
      }
    }

    return {
      outcome: ignored ? "ignored" : matchedAny ? "routed" : "unmatched",
      tags: [...scope.tags],
      routing: { ...scope.routing },
      forwards: ignored ? [] : forwards,
      trace,
    };
  };
}

/** One-off evaluation of an ordered rule list (compiles every call; cache compileRules instead). */
export function evaluateRules(
  rules: readonly Rule[],
  ctx: EvaluationContext,
  options?: RunOptions,
): RuleEvaluationResult {
  return compileRules(rules)(ctx, options);
}
