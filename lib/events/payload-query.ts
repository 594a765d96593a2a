// The events list's former payload query: `data.customer.email = ada@example.com and data.priority in
// (high, urgent)`. Retired for the rule builder's conditions (lib/rules/condition-text.ts): only
// this parser remains, so old links (`?q=`) and stored bulk filters can be translated
// (lib/events/legacy-payload-query.ts). Pure: text → clauses, or a message that says what is wrong
// and where.
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
// It used to run as SQL/JSON path in lax mode, which looked inside arrays at every level of a path
// (items.sku found any item's sku); the rules' paths name the element instead (items[0].sku,
// items[sku="B-2"]), which the translation's notice explains.

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
