// The events list's payload query: `data.customer.email = ada@example.com and data.priority in
// (high, urgent)`. A pure parser (text → clauses, or a message that says what is wrong and where)
// and the SQL/JSON path each clause becomes.
//
// Grammar (keywords `and` / `in` in any case):
//   query   := clause ("and" clause)*
//   clause  := path "=" value | path "in" "(" value ("," value)* ")"
//   path    := segment ("." segment)*      from the top of the JSON body: data.customer.email
//   segment := name | "quoted name" | digits (a position in an array: items.0.sku)
//   value   := "quoted text" | bare word   (a bare word runs to the next space, comma or bracket)
//
// Values are type-aware: a bare number, true, false or null matches that JSON value AND the same
// text as a string (priority = 1 finds 1 and "1"); anything quoted matches text only.
//
// Why SQL/JSON path (`payload @@ '$."data"."priority" == "high"'`) rather than containment
// (`payload @> '{"data":{"priority":"high"}}'`): both are served by the GIN jsonb_path_ops index on
// events.payload, but containment only matches an array when the query spells the array out
// ({"tags":["vip"]} does not contain {"tags":"vip"}), and a query cannot know where a payload has
// arrays: every level of the path could be one, 2^depth containments per value. A lax-mode path
// looks inside arrays at every level by itself (items.sku finds any item's sku), and a numeric
// segment is an array subscript that the index still serves (jsonb_path_ops hashes keys only, so
// array levels and subscripts leave its lookup unchanged; the recheck applies them).

export type PathSegment = { key: string } | { index: number };

export type QueryValue =
  /** Quoted: matches this string only. */
  | { kind: "text"; text: string }
  /** Bare: a string, and also the JSON number/boolean/null it spells (`json` is that literal's text). */
  | { kind: "bare"; text: string; json: string | null };

export interface PayloadClause {
  path: PathSegment[];
  values: QueryValue[];
}

export type PayloadQueryResult = { ok: true; clauses: PayloadClause[] } | { ok: false; message: string };

export const PAYLOAD_QUERY_LIMITS = {
  maxLength: 2000,
  maxClauses: 10,
  maxSegments: 20,
  maxValues: 50,
  maxIndex: 100_000,
} as const;

// Strict JSON number grammar: "007" or "1." stay strings only.
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// A bare word ends at whitespace, a quote, or one of = ( ) , (and a path segment also at a dot).
const BARE_VALUE_STOP = /[\s"=(),]/;
const SEGMENT_STOP = /[\s".=(),]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

class QueryError extends Error {}

/** Where in the text, for messages: "at character 12" (1-based, as people count). */
function at(position: number): string {
  return `at character ${position + 1}`;
}

function checkText(text: string, start: number): string {
  // PostgreSQL's json types cannot hold U+0000, and lone surrogates are not text.
  if (text.includes("\u0000") || LONE_SURROGATE.test(text))
    throw new QueryError(`Invalid character in the text ${at(start)}`);
  return text;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): PayloadClause[] {
    const clauses: PayloadClause[] = [];
    this.skipSpace();
    if (this.done()) throw new QueryError("The query is empty");
    for (;;) {
      clauses.push(this.clause());
      if (clauses.length > PAYLOAD_QUERY_LIMITS.maxClauses)
        throw new QueryError(`At most ${PAYLOAD_QUERY_LIMITS.maxClauses} conditions joined with "and"`);
      this.skipSpace();
      if (this.done()) return clauses;
      const start = this.pos;
      const word = this.peekWord();
      if (word.toLowerCase() === "and" && this.isBoundary(start + 3)) {
        this.pos += 3;
        this.skipSpace();
        if (this.done()) throw new QueryError(`Expected a condition after "and" ${at(start)}`);
        continue;
      }
      if (word.toLowerCase() === "or")
        throw new QueryError(
          `Only "and" can join conditions; for either of several values use: path in (a, b) (${at(start)})`,
        );
      throw new QueryError(`Expected "and" or the end of the query ${at(start)}, found ${this.describeHere()}`);
    }
  }

  private clause(): PayloadClause {
    const pathStart = this.pos;
    const path = this.path();
    this.skipSpace();
    const opStart = this.pos;
    if (this.text[this.pos] === "=") {
      this.pos += this.text[this.pos + 1] === "=" ? 2 : 1; // "==" reads as "="
      this.skipSpace();
      return { path, values: [this.value()] };
    }
    const word = this.peekWord();
    if (word.toLowerCase() === "in" && this.isBoundary(opStart + 2, true)) {
      this.pos += 2;
      this.skipSpace();
      if (this.text[this.pos] !== "(")
        throw new QueryError(
          `Expected "(" after "in" ${at(this.pos)}, as in: ${this.text.slice(pathStart, opStart).trim()} in (a, b)`,
        );
      this.pos++;
      const values: QueryValue[] = [];
      for (;;) {
        this.skipSpace();
        values.push(this.value());
        if (values.length > PAYLOAD_QUERY_LIMITS.maxValues)
          throw new QueryError(`At most ${PAYLOAD_QUERY_LIMITS.maxValues} values in one "in" list`);
        this.skipSpace();
        const next = this.text[this.pos];
        if (next === ",") {
          this.pos++;
          continue;
        }
        if (next === ")") {
          this.pos++;
          return { path, values };
        }
        throw new QueryError(
          next === undefined
            ? `The "in" list opened ${at(opStart)} is not closed with ")"`
            : `Expected "," or ")" ${at(this.pos)}, found ${this.describeHere()}`,
        );
      }
    }
    const pathText = this.text.slice(pathStart, opStart).trim();
    if (this.done()) throw new QueryError(`Expected "=" or "in" after ${pathText}`);
    throw new QueryError(`Expected "=" or "in" after ${pathText} ${at(opStart)}, found ${this.describeHere()}`);
  }

  private path(): PathSegment[] {
    const segments: PathSegment[] = [];
    for (;;) {
      segments.push(this.segment());
      if (segments.length > PAYLOAD_QUERY_LIMITS.maxSegments)
        throw new QueryError(`A path has at most ${PAYLOAD_QUERY_LIMITS.maxSegments} parts`);
      if (this.text[this.pos] !== ".") return segments;
      this.pos++;
    }
  }

  private segment(): PathSegment {
    const start = this.pos;
    if (this.text[start] === '"') {
      const key = this.quoted();
      if (key === "") throw new QueryError(`A quoted field name cannot be empty ${at(start)}`);
      return { key };
    }
    while (!this.done() && !SEGMENT_STOP.test(this.text[this.pos]!)) this.pos++;
    const raw = this.text.slice(start, this.pos);
    if (raw === "") {
      if (this.text[start - 1] === ".") throw new QueryError(`Expected a field name after "." ${at(start)}`);
      throw new QueryError(`Expected a field path ${at(start)}, found ${this.describeHere()}`);
    }
    if (/^\d+$/.test(raw)) {
      const index = Number(raw);
      if (index > PAYLOAD_QUERY_LIMITS.maxIndex)
        throw new QueryError(`Array position ${raw} is too large ${at(start)}`);
      return { index };
    }
    return { key: checkText(raw, start) };
  }

  private value(): QueryValue {
    const start = this.pos;
    if (this.text[start] === '"') return { kind: "text", text: this.quoted() };
    while (!this.done() && !BARE_VALUE_STOP.test(this.text[this.pos]!)) this.pos++;
    const text = this.text.slice(start, this.pos);
    if (text === "") {
      if (this.done()) throw new QueryError("Expected a value at the end of the query");
      throw new QueryError(
        `Expected a value ${at(start)}, found ${this.describeHere()}; quote values that contain spaces or punctuation`,
      );
    }
    checkText(text, start);
    const json = JSON_NUMBER.test(text) || text === "true" || text === "false" || text === "null" ? text : null;
    return { kind: "bare", text, json };
  }

  /** A "quoted" string: \" and \\ are the only escapes. */
  private quoted(): string {
    const start = this.pos;
    this.pos++; // the opening quote
    let out = "";
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined) throw new QueryError(`The quote opened ${at(start)} is not closed`);
      this.pos++;
      if (char === '"') return checkText(out, start);
      if (char === "\\") {
        const next = this.text[this.pos];
        if (next === '"' || next === "\\") {
          out += next;
          this.pos++;
          continue;
        }
      }
      out += char;
    }
  }

  private skipSpace(): void {
    while (!this.done() && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private done(): boolean {
    return this.pos >= this.text.length;
  }

  private peekWord(): string {
    const match = /^[A-Za-z]+/.exec(this.text.slice(this.pos, this.pos + 4));
    return match?.[0] ?? "";
  }

  /** A keyword ends at whitespace, the end, or (for "in") an opening bracket. */
  private isBoundary(position: number, allowBracket = false): boolean {
    const next = this.text[position];
    return next === undefined || /\s/.test(next) || (allowBracket && next === "(");
  }

  private describeHere(): string {
    const word = /^\s*(\S{1,20})/.exec(this.text.slice(this.pos))?.[1] ?? "";
    return word ? `"${word}"` : "the end";
  }
}

export function parsePayloadQuery(text: string): PayloadQueryResult {
  if (text.length > PAYLOAD_QUERY_LIMITS.maxLength)
    return { ok: false, message: `The query is longer than ${PAYLOAD_QUERY_LIMITS.maxLength} characters` };
  try {
    return { ok: true, clauses: new Parser(text).parse() };
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, message: error.message };
    throw error;
  }
}

/** A jsonpath string literal. JSON's escapes are a subset of jsonpath's; checkText keeps out what neither allows. */
function pathString(text: string): string {
  return JSON.stringify(text);
}

/**
 * The clause as a lax-mode SQL/JSON path predicate for `payload @@ $n::jsonpath`, one equality per
 * accepted value, joined with ||: `$."data"."priority" == "high" || $."data"."priority" == "urgent"`.
 */
export function clauseToJsonPath(clause: PayloadClause): string {
  const path =
    "$" +
    clause.path.map((segment) => ("key" in segment ? `.${pathString(segment.key)}` : `[${segment.index}]`)).join("");
  const literals: string[] = [];
  for (const value of clause.values) {
    if (value.kind === "bare" && value.json !== null) literals.push(value.json);
    literals.push(pathString(value.text));
  }
  return [...new Set(literals)].map((literal) => `${path} == ${literal}`).join(" || ");
}
