// Condition operators: value validation (used by the zod schema at save time) and compilation
// to a fast `(actual) => boolean` test (used by the evaluator).
//
// Semantics (apply to every caller; documented here once):
//
// * Missing fields never throw. A field that is not present resolves to `undefined`; every
//   positive operator is false for it, and every negative operator is exactly the negation of
//   its positive twin, so `!=`, `doesNotContain`, `doesNotBeginWith`, `doesNotEndWith`, `notIn`,
//   `notBetween`, `missing` and `empty` are true for a missing field.
// * Wrong types never throw: a positive operator that cannot apply (e.g. `>` on an object,
//   `beginsWith` on an array) is false, so its negative twin is true.
// * Equality (`=`, `!=`, `in`, `notIn`, and `contains` on arrays) is type-aware and exact:
//     - numbers compare numerically with numbers and numeric strings ("5" = 5, 5 = "5.0");
//     - booleans compare with booleans and the words "true"/"false" (any case);
//     - string vs string is exact and CASE-SENSITIVE ("Foo" != "foo");
//     - null equals only null; arrays and objects never equal a scalar.
// * Text search (`contains`, `beginsWith`, `endsWith` and their negations) is
//   CASE-INSENSITIVE and applies to strings, numbers and booleans (via their text form).
//   Rationale: equality is for identifiers (event types, ids, enum values) where case matters;
//   searching free text ("subject contains urgent") should not depend on case.
//   `matches` is case-sensitive unless the pattern says otherwise, e.g. `(?i)urgent`.
// * `contains` on an array means "has an element equal to" (equality rules above, so
//   case-sensitive: `tags contains "vip"`). `in`/`notIn` on an array mean "some element is /
//   no element is in the list".
// * `matches` uses RE2 syntax (re2js, linear time, unanchored search; use ^ and $ to anchor).
// * `empty`: missing, null, "", [] and {} are empty. Whitespace-only strings are not empty.
//   `exists`: the field is present, even when its value is null.
// * Ordering (`>`, `>=`, `<`, `<=`, `between`, `notBetween`): both sides must be numbers /
//   numeric strings, or both must be dates (ISO-8601 strings such as "2024-05-01" or
//   "2024-05-01T10:00:00+02:00", or Date objects). A date-time without an offset is read as
//   UTC. A number (or numeric string) never compares with a date; plain strings do not compare
//   lexically. `between` is inclusive and accepts its bounds in either order.

import { RE2JS } from "re2js";
import { RULE_LIMITS } from "./limits";

export const OPERATORS = [
  "=",
  "!=",
  "contains",
  "doesNotContain",
  "beginsWith",
  "doesNotBeginWith",
  "endsWith",
  "doesNotEndWith",
  "matches",
  "in",
  "notIn",
  "exists",
  "missing",
  "empty",
  "notEmpty",
  ">",
  ">=",
  "<",
  "<=",
  "between",
  "notBetween",
] as const;

export type Operator = (typeof OPERATORS)[number];

/** What kind of value an operator takes: none, one scalar, a list, or a [from, to] pair. */
export type OperatorArity = "none" | "single" | "list" | "range";

/** Operator metadata in react-querybuilder's `{ name, label }` shape, plus arity. */
export const OPERATOR_DEFINITIONS: ReadonlyArray<{ name: Operator; label: string; arity: OperatorArity }> = [
  { name: "=", label: "=", arity: "single" },
  { name: "!=", label: "!=", arity: "single" },
  { name: "contains", label: "contains", arity: "single" },
  { name: "doesNotContain", label: "does not contain", arity: "single" },
  { name: "beginsWith", label: "begins with", arity: "single" },
  { name: "doesNotBeginWith", label: "does not begin with", arity: "single" },
  { name: "endsWith", label: "ends with", arity: "single" },
  { name: "doesNotEndWith", label: "does not end with", arity: "single" },
  { name: "matches", label: "matches regex", arity: "single" },
  { name: "in", label: "in", arity: "list" },
  { name: "notIn", label: "not in", arity: "list" },
  { name: "exists", label: "exists", arity: "none" },
  { name: "missing", label: "is missing", arity: "none" },
  { name: "empty", label: "is empty", arity: "none" },
  { name: "notEmpty", label: "is not empty", arity: "none" },
  { name: ">", label: ">", arity: "single" },
  { name: ">=", label: ">=", arity: "single" },
  { name: "<", label: "<", arity: "single" },
  { name: "<=", label: "<=", arity: "single" },
  { name: "between", label: "between", arity: "range" },
  { name: "notBetween", label: "not between", arity: "range" },
];

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);

export function isOperator(value: unknown): value is Operator {
  return typeof value === "string" && OPERATOR_SET.has(value);
}

// ---------------------------------------------------------------------------------------------
// Value coercions

const NUMERIC_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Number for a finite number or a numeric string ("5", " -1.5 ", "1e3"), else undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string") return parseNumericString(value);
  return undefined;
}

function parseNumericString(s: string): number | undefined {
  if (s.length === 0 || s.length > 64) return undefined;
  const t = s.trim();
  if (!NUMERIC_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function parseBooleanWord(s: string): boolean | undefined {
  if (s.length > 10) return undefined;
  const t = s.trim().toLowerCase();
  return t === "true" ? true : t === "false" ? false : undefined;
}

const ISO_DATE_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch milliseconds for an ISO-8601 date / date-time string, else undefined. */
export function parseIsoDate(s: string): number | undefined {
  if (s.length < 10 || s.length > 40) return undefined;
  const m = ISO_DATE_RE.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, off] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  let iso = `${y}-${mo}-${d}`;
  if (h !== undefined) {
    if (Number(h) > 23 || Number(mi) > 59 || (sec !== undefined && Number(sec) > 59)) return undefined;
    iso += `T${h}:${mi}:${sec ?? "00"}`;
    if (frac !== undefined) iso += `.${frac.slice(0, 3).padEnd(3, "0")}`;
    if (off === undefined || off === "Z" || off === "z") iso += "Z";
    else {
      const digits = off.slice(1).replace(":", "");
      iso += `${off[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || "00"}`;
    }
  } else {
    iso += "T00:00:00Z";
  }
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

type Comparable = { kind: "number" | "date"; v: number };

/** Numbers and numeric strings compare as numbers; ISO strings and Dates as dates. */
export function toComparable(value: unknown): Comparable | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? { kind: "number", v: value } : undefined;
  if (typeof value === "string") {
    const n = parseNumericString(value);
    if (n !== undefined) return { kind: "number", v: n };
    const t = parseIsoDate(value);
    return t === undefined ? undefined : { kind: "date", v: t };
  }
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? undefined : { kind: "date", v: t };
  }
  return undefined;
}

export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (typeof value !== "object") return false;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Date) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** Text form used by the text-search operators; undefined for values that are not text-like. */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * Parses an `in` / `between` value: an array, or a comma-separated string as produced by
 * react-querybuilder ("a, b, c"; items trimmed, empty items dropped, "\," is a literal comma).
 */
export function parseListValue(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === "number" || typeof value === "boolean") return [value];
  if (typeof value !== "string") return undefined;
  const items: string[] = [];
  let cur = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && value[i + 1] === ",") {
      cur += ",";
      i++;
    } else if (c === ",") {
      items.push(cur);
      cur = "";
    } else cur += c;
  }
  items.push(cur);
  return items.map((s) => s.trim()).filter((s) => s !== "");
}

// ---------------------------------------------------------------------------------------------
// Equality

/** Builds a type-aware "equals one of `items`" test (see the rules at the top of the file). */
export function equalsAny(items: readonly unknown[]): (actual: unknown) => boolean {
  const strings = new Set<string>();
  const allNumbers = new Set<number>(); // number items and numeric string items
  const typedNumbers = new Set<number>(); // number items only
  const allBooleans = new Set<boolean>();
  const typedBooleans = new Set<boolean>();
  let hasNull = false;
  for (const item of items) {
    if (typeof item === "string") {
      strings.add(item);
      const n = parseNumericString(item);
      if (n !== undefined) allNumbers.add(n);
      const b = parseBooleanWord(item);
      if (b !== undefined) allBooleans.add(b);
    } else if (typeof item === "number") {
      if (Number.isFinite(item)) {
        allNumbers.add(item);
        typedNumbers.add(item);
      }
    } else if (typeof item === "boolean") {
      allBooleans.add(item);
      typedBooleans.add(item);
    } else if (item === null) hasNull = true;
  }
  return (actual) => {
    switch (typeof actual) {
      case "string": {
        if (strings.has(actual)) return true;
        if (typedNumbers.size > 0) {
          const n = parseNumericString(actual);
          if (n !== undefined && typedNumbers.has(n)) return true;
        }
        if (typedBooleans.size > 0) {
          const b = parseBooleanWord(actual);
          if (b !== undefined && typedBooleans.has(b)) return true;
        }
        return false;
      }
      case "number":
        return allNumbers.has(actual);
      case "boolean":
        return allBooleans.has(actual);
      case "object":
        return actual === null && hasNull;
      default:
        return false;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Validation (save time)

function describeType(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function validateScalarForEquality(value: unknown): string | undefined {
  if (value === undefined) return "Enter a value";
  if (!isScalar(value)) return `Value must be text, a number, true/false or null, not ${describeType(value)}`;
  if (typeof value === "number" && !Number.isFinite(value)) return "Value must be a finite number";
  if (typeof value === "string" && value.length > RULE_LIMITS.maxValueLength) {
    return `Value is too long (maximum ${RULE_LIMITS.maxValueLength} characters)`;
  }
  return undefined;
}

/** Compiles a regex with re2js; returns the error message when invalid. */
export function compileRegex(pattern: string): { regex: RE2JS } | { error: string } {
  try {
    return { regex: RE2JS.compile(pattern) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function validateRange(value: unknown): string | undefined {
  const list = parseListValue(value);
  if (list === undefined || list.length !== 2) {
    return 'Enter two values: a list [from, to] or "from,to"';
  }
  const a = toComparable(list[0]);
  const b = toComparable(list[1]);
  if (!a || !b) return "Both bounds must be numbers or ISO-8601 dates";
  if (a.kind !== b.kind) return "Both bounds must be numbers, or both must be dates";
  return undefined;
}

/**
 * Checks that `value` suits `operator`. Returns an error message for the user, or undefined
 * when the value is acceptable. Used by the zod schema.
 */
export function validateOperatorValue(operator: Operator, value: unknown): string | undefined {
  switch (operator) {
    case "exists":
    case "missing":
    case "empty":
    case "notEmpty":
      return undefined; // value ignored (react-querybuilder still sends "")
    case "=":
    case "!=":
      return validateScalarForEquality(value);
    case "contains":
    case "doesNotContain":
    case "beginsWith":
    case "doesNotBeginWith":
    case "endsWith":
    case "doesNotEndWith": {
      const err = validateScalarForEquality(value);
      if (err) return err;
      if (value === null || value === "") return "Enter some text to search for";
      return undefined;
    }
    case "matches": {
      if (typeof value !== "string" || value === "") return "Enter a regular expression";
      if (value.length > RULE_LIMITS.maxRegexLength) {
        return `Regular expression is too long (maximum ${RULE_LIMITS.maxRegexLength} characters)`;
      }
      const compiled = compileRegex(value);
      return "error" in compiled ? `Invalid regular expression: ${compiled.error}` : undefined;
    }
    case "in":
    case "notIn": {
      const list = parseListValue(value);
      if (list === undefined) return 'Enter a list of values, or values separated by commas ("a, b, c")';
      if (list.length === 0) return "Enter at least one value";
      if (list.length > RULE_LIMITS.maxListItems) return `Too many values (maximum ${RULE_LIMITS.maxListItems})`;
      for (let i = 0; i < list.length; i++) {
        const err = validateScalarForEquality(list[i]);
        if (err) return `Item ${i + 1}: ${err}`;
      }
      return undefined;
    }
    case ">":
    case ">=":
    case "<":
    case "<=":
      return toComparable(value) ? undefined : "Enter a number or an ISO-8601 date (e.g. 2024-05-01T10:00:00Z)";
    case "between":
    case "notBetween":
      return validateRange(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation (evaluation time)

export interface CompiledOperator {
  /** The test; never throws. Always false when `error` is set. */
  test: (actual: unknown) => boolean;
  /** Set when the operator or value is invalid (should have been rejected at save time). */
  error?: string;
  /** Optional explanation of a result, for traces only (not called on the fast path). */
  explain?: (actual: unknown) => string | undefined;
}

const alwaysFalse = () => false;

function invalid(error: string): CompiledOperator {
  return { test: alwaysFalse, error };
}

function negate(op: CompiledOperator): CompiledOperator {
  if (op.error) return op;
  const inner = op.test;
  return { test: (actual) => !inner(actual), ...(op.explain ? { explain: op.explain } : {}) };
}

const notText = (actual: unknown) =>
  actual !== undefined && textOf(actual) === undefined ? `${describeType(actual)} is not text` : undefined;

function compileTextOp(kind: "contains" | "beginsWith" | "endsWith", value: unknown): CompiledOperator {
  const needleText = textOf(value);
  if (needleText === undefined || needleText === "") return invalid("Enter some text to search for");
  const needle = needleText.toLowerCase();
  const hasElement = kind === "contains" ? equalsAny([value]) : undefined;
  const test = (actual: unknown): boolean => {
    if (typeof actual === "string") {
      const hay = actual.toLowerCase();
      return kind === "contains"
        ? hay.includes(needle)
        : kind === "beginsWith"
          ? hay.startsWith(needle)
          : hay.endsWith(needle);
    }
    if (hasElement && Array.isArray(actual)) {
      for (let i = 0; i < actual.length; i++) if (hasElement(actual[i])) return true;
      return false;
    }
    const text = textOf(actual);
    if (text === undefined) return false;
    const hay = text.toLowerCase();
    return kind === "contains"
      ? hay.includes(needle)
      : kind === "beginsWith"
        ? hay.startsWith(needle)
        : hay.endsWith(needle);
  };
  const explain = (actual: unknown) => (kind === "contains" && Array.isArray(actual) ? undefined : notText(actual));
  return { test, explain };
}

function explainComparable(expected: Comparable[]) {
  return (actual: unknown): string | undefined => {
    if (actual === undefined) return undefined;
    const a = toComparable(actual);
    if (!a) return `${describeType(actual)} is not a number or date`;
    if (expected.some((e) => e.kind !== a.kind)) return `cannot compare a ${a.kind} with a ${expected[0]?.kind}`;
    return undefined;
  };
}

function compileOrdering(operator: ">" | ">=" | "<" | "<=", value: unknown): CompiledOperator {
  const e = toComparable(value);
  if (!e) return invalid("Expected a number or an ISO-8601 date");
  const kind = e.kind;
  const ev = e.v;
  const cmp =
    operator === ">"
      ? (a: number) => a > ev
      : operator === ">="
        ? (a: number) => a >= ev
        : operator === "<"
          ? (a: number) => a < ev
          : (a: number) => a <= ev;
  return {
    test: (actual) => {
      const a = toComparable(actual);
      return a !== undefined && a.kind === kind && cmp(a.v);
    },
    explain: explainComparable([e]),
  };
}

function compileBetween(value: unknown): CompiledOperator {
  const err = validateRange(value);
  if (err) return invalid(err);
  const list = parseListValue(value)!;
  const a = toComparable(list[0])!;
  const b = toComparable(list[1])!;
  const lo = Math.min(a.v, b.v);
  const hi = Math.max(a.v, b.v);
  const kind = a.kind;
  return {
    test: (actual) => {
      const c = toComparable(actual);
      return c !== undefined && c.kind === kind && c.v >= lo && c.v <= hi;
    },
    explain: explainComparable([a, b]),
  };
}

function compileMembership(value: unknown): CompiledOperator {
  const list = parseListValue(value);
  if (list === undefined) return invalid("Expected a list of values");
  if (list.length > RULE_LIMITS.maxListItems) return invalid(`Too many values (maximum ${RULE_LIMITS.maxListItems})`);
  const has = equalsAny(list);
  return {
    test: (actual) => {
      if (Array.isArray(actual)) {
        for (let i = 0; i < actual.length; i++) if (has(actual[i])) return true;
        return false;
      }
      return has(actual);
    },
  };
}

/** Compiles one operator with its expected value. Never throws. */
export function compileOperator(operator: unknown, value: unknown): CompiledOperator {
  if (!isOperator(operator)) return invalid(`Unknown operator "${String(operator)}"`);
  switch (operator) {
    case "=":
    case "!=": {
      const err = validateScalarForEquality(value);
      if (err) return invalid(err);
      const eq = equalsAny([value]);
      const op: CompiledOperator = {
        test: eq,
        explain: (actual) =>
          actual !== undefined && actual !== null && typeof actual === "object"
            ? `${describeType(actual)} never equals a single value`
            : undefined,
      };
      return operator === "=" ? op : negate(op);
    }
    case "contains":
      return compileTextOp("contains", value);
    case "doesNotContain":
      return negate(compileTextOp("contains", value));
    case "beginsWith":
      return compileTextOp("beginsWith", value);
    case "doesNotBeginWith":
      return negate(compileTextOp("beginsWith", value));
    case "endsWith":
      return compileTextOp("endsWith", value);
    case "doesNotEndWith":
      return negate(compileTextOp("endsWith", value));
    case "matches": {
      if (typeof value !== "string" || value === "") return invalid("Expected a regular expression");
      if (value.length > RULE_LIMITS.maxRegexLength) return invalid("Regular expression is too long");
      const compiled = compileRegex(value);
      if ("error" in compiled) return invalid(`Invalid regular expression: ${compiled.error}`);
      const re = compiled.regex;
      return {
        test: (actual) => {
          const text = textOf(actual);
          return text !== undefined && re.test(text);
        },
        explain: notText,
      };
    }
    case "in":
      return compileMembership(value);
    case "notIn":
      return negate(compileMembership(value));
    case "exists":
      return { test: (actual) => actual !== undefined };
    case "missing":
      return { test: (actual) => actual === undefined };
    case "empty":
      return { test: isEmptyValue };
    case "notEmpty":
      return { test: (actual) => !isEmptyValue(actual) };
    case ">":
    case ">=":
    case "<":
    case "<=":
      return compileOrdering(operator, value);
    case "between":
      return compileBetween(value);
    case "notBetween":
      return negate(compileBetween(value));
  }
}

/** How the builder, the test panel and every trace name an operator: "ends with", not endsWith. */
export function operatorLabel(operator: string): string {
  return OPERATOR_DEFINITIONS.find((op) => op.name === operator)?.label ?? operator;
}
