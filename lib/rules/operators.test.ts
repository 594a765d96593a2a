import { describe, expect, it } from "vitest";
import { compileConditions, evaluateConditions } from "./evaluate";
import { conditionSchema, type Condition } from "./schema";
import { parseIsoDate, parseListValue, toComparable } from "./operators";
import { and, cond, makeCtx } from "@/lib/testing/rule-fixtures";

const body = {
  str: "Hello World",
  email: "Alice@Example.com",
  empty: "",
  ws: "  ",
  num: 5,
  numStr: "5",
  float: 2.5,
  zero: 0,
  neg: -3,
  expStr: "1e3",
  boolT: true,
  boolF: false,
  boolStr: "true",
  nul: null,
  arr: ["a", "b", 3, true],
  emptyArr: [],
  obj: { k: 1 },
  emptyObj: {},
  date: "2024-05-01T10:00:00Z",
  dateOnly: "2024-05-01",
  dateOffset: "2024-05-01T12:00:00+02:00",
  comma: "a,b",
  items: [{ sku: "A1" }, { sku: "B2" }],
  "odd.key": { "with space": "yes" },
};

const ctx = makeCtx(body);

type Row = [field: string, operator: Condition["operator"], value: unknown, expected: boolean];

// Fields are relative to `body.` unless they contain a dot-root (headers., event., ...).
const rows: Row[] = [
  // = : type-aware, strings case-sensitive
  ["str", "=", "Hello World", true],
  ["str", "=", "hello world", false],
  ["str", "=", 5, false],
  ["num", "=", 5, true],
  ["num", "=", "5", true],
  ["num", "=", "5.0", true],
  ["num", "=", " 5 ", true],
  ["num", "=", "abc", false],
  ["numStr", "=", 5, true],
  ["numStr", "=", "5", true],
  ["numStr", "=", "5.0", false], // string vs string is exact
  ["float", "=", "2.5", true],
  ["zero", "=", "0", true],
  ["zero", "=", false, false],
  ["boolT", "=", true, true],
  ["boolT", "=", "true", true],
  ["boolT", "=", "TRUE", true],
  ["boolT", "=", 1, false],
  ["boolF", "=", "false", true],
  ["boolF", "=", "", false],
  ["boolStr", "=", true, true],
  ["nul", "=", null, true],
  ["nul", "=", "", false],
  ["nul", "=", "null", false],
  ["empty", "=", "", true],
  ["arr", "=", "a", false],
  ["obj", "=", "x", false],
  ["nope", "=", "x", false],
  ["nope", "=", "", false],
  ["nope", "=", null, false],
  // !=
  ["str", "!=", "x", true],
  ["str", "!=", "Hello World", false],
  ["num", "!=", "5", false],
  ["num", "!=", 6, true],
  ["nul", "!=", null, false],
  ["arr", "!=", "a", true],
  ["obj", "!=", 1, true],
  ["nope", "!=", "x", true],
  // contains: case-insensitive on text, element equality on arrays
  ["str", "contains", "world", true],
  ["str", "contains", "O W", true],
  ["str", "contains", "xyz", false],
  ["num", "contains", "5", true],
  ["boolT", "contains", "ru", true],
  ["arr", "contains", "a", true],
  ["arr", "contains", "A", false],
  ["arr", "contains", 3, true],
  ["arr", "contains", "3", true],
  ["arr", "contains", true, true],
  ["arr", "contains", "z", false],
  ["emptyArr", "contains", "a", false],
  ["obj", "contains", "k", false],
  ["nul", "contains", "a", false],
  ["nope", "contains", "a", false],
  // doesNotContain
  ["str", "doesNotContain", "xyz", true],
  ["str", "doesNotContain", "WORLD", false],
  ["arr", "doesNotContain", "z", true],
  ["arr", "doesNotContain", "a", false],
  ["obj", "doesNotContain", "k", true],
  ["nul", "doesNotContain", "a", true],
  ["nope", "doesNotContain", "a", true],
  // beginsWith / endsWith (+ negations)
  ["str", "beginsWith", "hello", true],
  ["str", "beginsWith", "world", false],
  ["email", "beginsWith", "alice@", true],
  ["numStr", "beginsWith", "5", true],
  ["num", "beginsWith", 5, true],
  ["arr", "beginsWith", "a", false],
  ["nope", "beginsWith", "a", false],
  ["str", "doesNotBeginWith", "world", true],
  ["str", "doesNotBeginWith", "HELLO", false],
  ["nope", "doesNotBeginWith", "a", true],
  ["str", "endsWith", "WORLD", true],
  ["email", "endsWith", "@example.com", true],
  ["str", "endsWith", "hello", false],
  ["nul", "endsWith", "a", false],
  ["obj", "endsWith", "}", false],
  ["nope", "endsWith", "a", false],
  ["str", "doesNotEndWith", "hello", true],
  ["str", "doesNotEndWith", "world", false],
  ["nope", "doesNotEndWith", "x", true],
  // matches: RE2, unanchored, case-sensitive unless (?i)
  ["str", "matches", "^Hello", true],
  ["str", "matches", "^hello", false],
  ["str", "matches", "(?i)^hello", true],
  ["str", "matches", "W.rld$", true],
  ["email", "matches", "^[^@]+@example\\.com$", false],
  ["email", "matches", "(?i)^[^@]+@example\\.com$", true],
  ["num", "matches", "^\\d+$", true],
  ["boolT", "matches", "^true$", true],
  ["nul", "matches", ".", false],
  ["obj", "matches", ".", false],
  ["arr", "matches", "a", false],
  ["nope", "matches", ".*", false],
  // in / notIn: arrays or comma-separated strings, equality semantics
  ["str", "in", ["x", "Hello World"], true],
  ["str", "in", "x, Hello World", true],
  ["str", "in", "hello world, x", false],
  ["num", "in", "1, 5, 9", true],
  ["num", "in", [1, 5], true],
  ["num", "in", [1, 2], false],
  ["numStr", "in", [5], true],
  ["numStr", "in", ["5.0"], false],
  ["boolT", "in", ["true"], true],
  ["boolF", "in", "true", false],
  ["nul", "in", [null, "x"], true],
  ["arr", "in", ["z", "b"], true],
  ["arr", "in", ["z"], false],
  ["emptyArr", "in", ["a"], false],
  ["obj", "in", ["x"], false],
  ["comma", "in", "a\\,b, c", true],
  ["comma", "in", "a, b", false],
  ["nope", "in", ["a"], false],
  ["str", "notIn", ["x"], true],
  ["str", "notIn", "Hello World", false],
  ["arr", "notIn", ["z"], true],
  ["arr", "notIn", ["a"], false],
  ["obj", "notIn", ["x"], true],
  ["nope", "notIn", ["a"], true],
  // exists / missing
  ["str", "exists", undefined, true],
  ["nul", "exists", undefined, true],
  ["empty", "exists", undefined, true],
  ["nope", "exists", undefined, false],
  ["str", "missing", "", false],
  ["nul", "missing", "", false],
  ["nope", "missing", "", true],
  // empty / notEmpty
  ["nope", "empty", undefined, true],
  ["nul", "empty", undefined, true],
  ["empty", "empty", undefined, true],
  ["emptyArr", "empty", undefined, true],
  ["emptyObj", "empty", undefined, true],
  ["ws", "empty", undefined, false],
  ["zero", "empty", undefined, false],
  ["boolF", "empty", undefined, false],
  ["str", "empty", undefined, false],
  ["arr", "empty", undefined, false],
  ["obj", "empty", undefined, false],
  ["nope", "notEmpty", undefined, false],
  ["nul", "notEmpty", undefined, false],
  ["emptyObj", "notEmpty", undefined, false],
  ["zero", "notEmpty", undefined, true],
  ["arr", "notEmpty", undefined, true],
  // ordering: numbers / numeric strings
  ["num", ">", 3, true],
  ["num", ">", "3", true],
  ["num", ">", 5, false],
  ["numStr", ">", 4, true],
  ["numStr", ">", "10", false], // numeric, not lexical
  ["float", ">", 2, true],
  ["neg", ">", -5, true],
  ["expStr", ">", 999, true],
  ["num", ">=", 5, true],
  ["num", ">=", 6, false],
  ["num", "<", 10, true],
  ["num", "<", 5, false],
  ["numStr", "<", "10", true],
  ["num", "<=", 5, true],
  ["num", "<=", "4.99", false],
  // ordering: dates
  ["date", ">", "2024-04-30", true],
  ["date", ">", "2024-05-02", false],
  ["dateOnly", ">", "2024-04-30T23:59:59Z", true],
  ["dateOffset", ">", "2024-05-01T09:59:59Z", true],
  ["dateOffset", ">", "2024-05-01T10:00:00Z", false],
  ["dateOffset", ">=", "2024-05-01T10:00:00.000Z", true],
  ["date", "<", "2025-01-01", true],
  ["date", "<=", "2024-05-01T10:00:00Z", true],
  ["date", "<=", "2024-05-01T09:00:00Z", false],
  ["date", ">=", "2024-05-01 10:00:00", true], // space separator, no offset = UTC
  // ordering: wrong types are false, never throw
  ["date", ">", 5, false],
  ["num", ">", "2024-01-01", false],
  ["str", ">", 3, false],
  ["str", "<", 3, false],
  ["obj", ">", 1, false],
  ["arr", ">", 1, false],
  ["nul", ">", -1, false],
  ["nul", "<", 1, false],
  ["boolT", ">", 0, false],
  ["empty", "<", 1, false],
  ["nope", ">", 0, false],
  ["nope", "<", 0, false],
  // between / notBetween (inclusive, bounds in either order)
  ["num", "between", [1, 10], true],
  ["num", "between", "1,10", true],
  ["num", "between", [10, 1], true],
  ["num", "between", [5, 5], true],
  ["num", "between", [6, 10], false],
  ["numStr", "between", ["1", "10"], true],
  ["date", "between", ["2024-01-01", "2024-12-31"], true],
  ["date", "between", "2025-01-01, 2025-12-31", false],
  ["str", "between", [1, 10], false],
  ["obj", "between", [1, 10], false],
  ["nope", "between", [1, 10], false],
  ["num", "notBetween", [6, 10], true],
  ["num", "notBetween", [1, 10], false],
  ["str", "notBetween", [1, 10], true],
  ["nope", "notBetween", [1, 10], true],
  // paths
  ["items[0].sku", "=", "A1", true],
  ["items.1.sku", "=", "B2", true],
  ["items[2].sku", "exists", undefined, false],
  ['["odd.key"]["with space"]', "=", "yes", true],
  ["constructor", "exists", undefined, false],
  ["__proto__", "exists", undefined, false],
  ["str.length", "exists", undefined, false],
  ["num.x", "missing", undefined, true],
  // other roots
  ["headers.X-Signature", "=", "abc123", true],
  ["headers.content-type", "contains", "json", true],
  ["headers.x-missing", "missing", undefined, true],
  ["headers.x-missing", "!=", "a", true],
  ["event.type", "beginsWith", "ticket.", true],
  ["event.method", "in", "POST, PUT", true],
  ["event.id", "=", "evt_1", true],
  ["source.name", "=", "Zendesk", true],
  ["source.id", "=", "src_1", true],
  ["routing.team", "missing", undefined, true],
  ["routing.team", "empty", undefined, true],
  ["tags", "empty", undefined, true],
  ["tags", "contains", "x", false],
];

function fieldOf(f: string): string {
  return /^(headers|event|source|routing|tags)\b/.test(f) ? f : f.startsWith("[") ? `body${f}` : `body.${f}`;
}

describe("operators", () => {
  it.each(rows)("%s %s %j → %s", (field, operator, value, expected) => {
    const group = and(cond(fieldOf(field), operator, value));
    // The condition is valid per the schema (so these are the rules operators can save).
    expect(conditionSchema.safeParse(group.rules[0]).success).toBe(true);
    const fast = compileConditions(group)(ctx);
    const traced = evaluateConditions(group, ctx);
    expect(fast).toBe(expected);
    expect(traced.matched).toBe(expected);
    expect(traced.trace.rules[0]).toMatchObject({ kind: "condition", passed: expected });
  });

  it("compares Date objects as dates", () => {
    const c = makeCtx({ when: new Date("2024-05-01T10:00:00Z") });
    expect(compileConditions(and(cond("body.when", ">", "2024-04-01")))(c)).toBe(true);
    expect(compileConditions(and(cond("body.when", "<", "2024-04-01")))(c)).toBe(false);
  });

  it("reads tags and routing from the context", () => {
    const c = makeCtx({}, {}, { tags: ["vip", "eu"], routing: { team: "billing" } });
    expect(compileConditions(and(cond("tags", "contains", "vip")))(c)).toBe(true);
    expect(compileConditions(and(cond("tags", "contains", "VIP")))(c)).toBe(false);
    expect(compileConditions(and(cond("tags", "in", "us, eu")))(c)).toBe(true);
    expect(compileConditions(and(cond("routing.team", "=", "billing")))(c)).toBe(true);
    expect(compileConditions(and(cond("routing.team", "notEmpty")))(c)).toBe(true);
  });

  it("never throws on hostile or malformed input", () => {
    const weird = [undefined, null, 42, "text", [1, [2, [3]]], { a: { b: { c: null } } }];
    const ops: Array<[Condition["operator"], unknown]> = [
      ["=", "x"],
      ["!=", "x"],
      ["contains", "x"],
      ["doesNotContain", "x"],
      ["beginsWith", "x"],
      ["endsWith", "x"],
      ["matches", "x"],
      ["in", ["x"]],
      ["notIn", ["x"]],
      ["exists", ""],
      ["missing", ""],
      ["empty", ""],
      ["notEmpty", ""],
      [">", 1],
      [">=", 1],
      ["<", 1],
      ["<=", 1],
      ["between", [1, 2]],
      ["notBetween", [1, 2]],
    ];
    for (const b of weird) {
      for (const [op, v] of ops) {
        for (const field of ["body", "body.a.b.c", "body[0][1]", "headers.x", "routing.x", "tags"]) {
          const c = makeCtx(b);
          expect(() => compileConditions(and(cond(field, op, v)))(c)).not.toThrow();
          expect(() => evaluateConditions(and(cond(field, op, v)), c)).not.toThrow();
        }
      }
    }
    // A context missing whole parts resolves fields as missing.
    const broken = { event: {}, source: {} } as unknown as Parameters<ReturnType<typeof compileConditions>>[0];
    expect(compileConditions(and(cond("headers.x", "missing")))(broken)).toBe(true);
    expect(compileConditions(and(cond("body.a", "!=", "x")))(broken)).toBe(true);
  });

  it("treats invalid conditions as false (even negative ones) with a trace note", () => {
    const bad = [
      { field: "body.a", operator: "matches", value: "(unclosed" },
      { field: "body.a", operator: "notIn", value: { not: "a list" } },
      { field: "nonsense", operator: "!=", value: "x" },
      { field: "body.a", operator: "like", value: "x" },
      { field: "body.a", operator: "!=", value: "x", valueSource: "field" },
    ] as unknown as Condition[];
    for (const c of bad) {
      const group = and(c);
      expect(compileConditions(group)(ctx)).toBe(false);
      const { matched, trace } = evaluateConditions(group, ctx);
      expect(matched).toBe(false);
      expect(trace.rules[0]).toMatchObject({ passed: false, note: expect.any(String) as unknown });
    }
    expect(evaluateConditions(and(bad[0]!), ctx).trace.rules[0]).toMatchObject({
      note: expect.stringContaining("Invalid regular expression") as unknown,
    });
  });
});

describe("regex safety", () => {
  it("evaluates catastrophic-backtracking patterns in linear time (result asserted)", () => {
    const nested = and(cond("body.s", "matches", "(a+)+$"));
    expect(compileConditions(nested)(makeCtx({ s: `${"a".repeat(50_000)}!` }))).toBe(false);
    expect(compileConditions(nested)(makeCtx({ s: "a".repeat(50_000) }))).toBe(true);
    const alternation = and(cond("body.s", "matches", "^(a|aa)*b$"));
    expect(compileConditions(alternation)(makeCtx({ s: "a".repeat(50_000) }))).toBe(false);
    expect(evaluateConditions(alternation, makeCtx({ s: `${"a".repeat(50_000)}b` })).matched).toBe(true);
  });
});

describe("value helpers", () => {
  it("parses react-querybuilder list values", () => {
    expect(parseListValue("a, b ,c")).toEqual(["a", "b", "c"]);
    expect(parseListValue("a\\,b, c")).toEqual(["a,b", "c"]);
    expect(parseListValue(" , ")).toEqual([]);
    expect(parseListValue(["x", 1])).toEqual(["x", 1]);
    expect(parseListValue(7)).toEqual([7]);
    expect(parseListValue({})).toBeUndefined();
  });

  it.each([
    ["2024-05-01", Date.UTC(2024, 4, 1)],
    ["2024-05-01T10:00:00Z", Date.UTC(2024, 4, 1, 10)],
    ["2024-05-01T10:00:00.123456Z", Date.UTC(2024, 4, 1, 10, 0, 0, 123)],
    ["2024-05-01T10:00", Date.UTC(2024, 4, 1, 10)],
    ["2024-05-01T12:00:00+02:00", Date.UTC(2024, 4, 1, 10)],
    ["2024-05-01T12:00:00+0200", Date.UTC(2024, 4, 1, 10)],
    ["2024-05-01T05:00:00-05", Date.UTC(2024, 4, 1, 10)],
    ["2024-13-01", undefined],
    ["2024-05-01T25:00:00Z", undefined],
    ["May 1 2024", undefined],
    ["20240501", undefined],
  ])("parseIsoDate(%s)", (input, expected) => {
    expect(parseIsoDate(input)).toBe(expected);
  });

  it("classifies comparables", () => {
    expect(toComparable("42")).toEqual({ kind: "number", v: 42 });
    expect(toComparable("2024-01-01")).toMatchObject({ kind: "date" });
    expect(toComparable("abc")).toBeUndefined();
    expect(toComparable(Number.NaN)).toBeUndefined();
    expect(toComparable(true)).toBeUndefined();
  });
});
