// The events list's conditions (`where`, the rule builder's text form: lib/rules/condition-text.ts)
// applied with the routing engine's own evaluator, so a filter selects exactly the events a rule
// with the same conditions would match (case rules, numbers vs numeric strings, arrays, missing
// fields: lib/rules/operators.ts). SQL cannot say all of that, so the work is split in two:
//   1. conditionPrefilterSql: a necessary condition in SQL, served by indexes (GIN jsonb_path_ops on
//      payload, GIN on tags, btree on event_type), taken only from the positive equalities of the
//      root "and" group whose meaning SQL can state without narrowing anything the engine accepts;
//   2. conditionRowMatcher: the engine's compiled conditions run on each candidate row.
// Every value is a bind parameter; field names reach SQL only as jsonpath string literals (JSON-quoted).
import { parseField } from "@/lib/rules/fields";
import { compileConditions } from "@/lib/rules/evaluate";
import { parseListValue } from "@/lib/rules/operators";
import type { Condition, ConditionGroup } from "@/lib/rules/schema";
import type { EvaluationContext } from "@/lib/rules/types";

/** Columns a candidate row needs for the engine (select them next to the caller's own). */
export const CONDITION_ROW_COLUMNS =
  "e.id AS cond_id, e.event_type AS cond_type, e.method AS cond_method, e.headers AS cond_headers, e.payload AS cond_payload, e.tags AS cond_tags, e.routing AS cond_routing, e.source_id AS cond_source_id, (SELECT name FROM sources cs WHERE cs.id = e.source_id) AS cond_source_name";

export interface ConditionRow {
  cond_id: string;
  cond_type: string | null;
  cond_method: string;
  cond_headers: unknown;
  cond_payload: unknown;
  cond_tags: string[];
  cond_routing: unknown;
  cond_source_id: string;
  cond_source_name: string;
}

function isPlainRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The stored event as the engine sees it; its final tags and routing fields count as "so far". */
export function conditionRowMatcher(group: ConditionGroup): (row: ConditionRow) => boolean {
  const test = compileConditions(group);
  return (row) => {
    const headers: Record<string, string> = {};
    if (isPlainRecord(row.cond_headers))
      for (const [name, value] of Object.entries(row.cond_headers)) headers[name.toLowerCase()] = String(value);
    const ctx: EvaluationContext = {
      event: { id: row.cond_id, type: row.cond_type, method: row.cond_method, headers, body: row.cond_payload ?? null },
      source: { id: row.cond_source_id, name: row.cond_source_name },
      routing: isPlainRecord(row.cond_routing) ? row.cond_routing : {},
      tags: row.cond_tags,
    };
    return test(ctx);
  };
}

const NUMERIC_OR_BOOLEAN = /^\s*(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|true|false)\s*$/i;

// PostgreSQL's jsonpath cannot hold U+0000, and lone surrogates are not text: no prefilter then.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be caught
const UNSAFE_IN_JSONPATH = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Values whose engine equality is plain string equality (not numeric, not a boolean word). */
function plainStrings(condition: Condition): string[] | null {
  const values = condition.operator === "=" ? [condition.value] : (parseListValue(condition.value) ?? []);
  if (values.length === 0) return null;
  for (const value of values) if (typeof value !== "string" || NUMERIC_OR_BOOLEAN.test(value)) return null;
  return values as string[];
}

/**
 * SQL that every event the conditions match satisfies (a superset; null when nothing useful can be
 * said). `param` adds a bind parameter and returns its placeholder.
 */
export function conditionPrefilterSql(group: ConditionGroup, param: (value: unknown) => string): string | null {
  if (group.disabled || group.not) return null;
  const enabled = group.rules.filter((node) => !node.disabled);
  if (group.combinator === "or" && enabled.length !== 1) return null;
  const parts: string[] = [];
  for (const node of enabled) {
    if ("rules" in node) {
      const nested = conditionPrefilterSql(node, param);
      if (nested) parts.push(nested);
      continue;
    }
    const sql = conditionSql(node, param);
    if (sql) parts.push(sql);
  }
  return parts.length > 0 ? parts.join(" AND ") : null;
}

/**
 * Events whose tags include the tag bound to `placeholder` ($n). Stated with the predicate of the
 * partial GIN index on tags (only non-empty arrays), which containment implies anyway, so the
 * planner can use that index.
 */
export function tagContainsSql(placeholder: string): string {
  return `e.tags <> '{}'::text[] AND e.tags @> ARRAY[${placeholder}::text]`;
}

function conditionSql(condition: Condition, param: (value: unknown) => string): string | null {
  if (condition.operator === "contains" && condition.field === "tags" && typeof condition.value === "string")
    return tagContainsSql(param(condition.value));
  if (condition.operator !== "=" && condition.operator !== "in") return null;
  const values = plainStrings(condition);
  if (!values) return null;
  const parsed = parseField(condition.field);
  if (!parsed.ok) return null;
  const field = parsed.field;
  if (field.kind === "event" && field.prop === "type") return `e.event_type = ANY(${param(values)}::text[])`;
  if (field.kind !== "body" || field.path.length === 0) return null;
  // Lax mode also looks inside arrays, so it finds everything the engine's path finds (and more:
  // the engine then decides). `[key=value]` selectors and digit keys (index or key) end the path
  // there: `exists` on the prefix is still necessary.
  const keys: string[] = [];
  for (const segment of field.path) {
    if (segment.selector !== undefined || segment.index !== undefined) break;
    keys.push(segment.key);
  }
  if ([...keys, ...values].some((text) => UNSAFE_IN_JSONPATH.test(text))) return null;
  const path = "$" + keys.map((key) => `.${JSON.stringify(key)}`).join("");
  if (keys.length < field.path.length) return keys.length > 0 ? `e.payload @? ${param(`lax ${path}`)}::jsonpath` : null;
  const test = values.map((value) => `${path} == ${JSON.stringify(value)}`).join(" || ");
  return `e.payload @@ ${param(`lax ${test}`)}::jsonpath`;
}
