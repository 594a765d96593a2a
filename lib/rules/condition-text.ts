// The text form of a condition tree, shared by the rule builder and the events filter:
//
//   body.ticket.priority in ("high", "urgent") and (event.type = "ticket.created" or tags contains "vip")
//   not (body.subject contains "test") and body.amount between 10 and 100
//
// Grammar (keywords in any case):
//   expr      := term (("and" | "or") term)*     one kind of joiner per level; mixing needs brackets
//   term      := "not" "(" expr ")" | "(" expr ")" | condition
//   condition := field operator [value]
//   field     := a field reference as in ./fields.ts (body.a.b, body["odd key"], headers.x, tags …)
//   operator  := an operator's label from ./operators.ts: =, !=, contains, does not contain, begins
//                with, ends with, matches regex, in, not in, exists, is missing, is empty, between …
//   value     := "JSON string" | number | true | false | null | bare word (a string)
//                in / not in take ( value, value … ); between takes value and value
//
// formatConditions writes the canonical form (strings always quoted), and parsing that form gives
// back the same tree, so text → conditions → text is stable. Parse errors name the character
// position (1-based) and carry it as `position` (0-based) for the editor to point at. Disabled
// conditions are left out of the text: the filter and a rule's effect ignore them anyway.
import { parseField } from "./fields";
import { OPERATOR_DEFINITIONS, type Operator, type OperatorArity } from "./operators";
import { conditionGroupSchema, conditionSchema, type Condition, type ConditionGroup } from "./schema";

export const CONDITION_TEXT_MAX_LENGTH = 4000;

export type ConditionTextResult =
  { ok: true; conditions: ConditionGroup } | { ok: false; message: string; position: number };

const ARITY = new Map<Operator, OperatorArity>(OPERATOR_DEFINITIONS.map((d) => [d.name, d.arity]));
// Longest label first, so "does not contain" wins over a shorter prefix and ">=" over ">".
const OPERATOR_WORDS = OPERATOR_DEFINITIONS.map((d) => ({ name: d.name, words: d.label.toLowerCase() })).sort(
  (a, b) => b.words.length - a.words.length,
);
const LABEL = new Map<Operator, string>(OPERATOR_DEFINITIONS.map((d) => [d.name, d.label]));
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

// ---------------------------------------------------------------------------------------------
// Formatting

function formatValue(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  return JSON.stringify(value === undefined ? "" : JSON.stringify(value));
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value !== "string") return [value];
  // The builder's comma-separated text ("a, b"; "\," is a literal comma).
  return value
    .split(/(?<!\\),/)
    .map((item) => item.replace(/\\,/g, ",").trim())
    .filter((item) => item !== "");
}

function formatCondition(condition: Condition): string {
  const label = LABEL.get(condition.operator) ?? condition.operator;
  const head = `${condition.field} ${label}`;
  switch (ARITY.get(condition.operator)) {
    case "none":
      return head;
    case "list":
      return `${head} (${listOf(condition.value).map(formatValue).join(", ")})`;
    case "range": {
      const [from, to] = listOf(condition.value);
      return `${head} ${formatValue(from)} and ${formatValue(to)}`;
    }
    default:
      return `${head} ${formatValue(condition.value)}`;
  }
}

function isGroup(node: Condition | ConditionGroup): node is ConditionGroup {
  return "rules" in node;
}

function formatGroup(group: ConditionGroup, nested: boolean): string {
  const parts = group.rules
    .filter((node) => !node.disabled)
    .map((node) => (isGroup(node) ? formatGroup(node, true) : formatCondition(node)))
    .filter((part) => part !== "");
  if (parts.length === 0) return "";
  const joined = parts.join(` ${group.combinator} `);
  if (group.not) return `not (${joined})`;
  return nested && parts.length > 1 ? `(${joined})` : joined;
}

/** The canonical text of a condition tree ("" for no conditions). */
export function formatConditions(group: ConditionGroup): string {
  return formatGroup(group, false);
}

// ---------------------------------------------------------------------------------------------
// Parsing

class TextError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const at = (position: number) => `at character ${position + 1}`;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  parse(): ConditionGroup {
    this.skipSpace();
    if (this.done()) return { combinator: "and", rules: [] };
    const group = this.expr();
    this.skipSpace();
    if (!this.done()) {
      if (this.text[this.pos] === ")")
        throw new TextError(`Unexpected ")" ${at(this.pos)}: nothing to close`, this.pos);
      throw new TextError(`Expected "and", "or" or the end ${at(this.pos)}, found ${this.here()}`, this.pos);
    }
    return group;
  }

  private expr(): ConditionGroup {
    if (++this.depth > 10) throw new TextError(`Brackets are nested too deeply ${at(this.pos)}`, this.pos);
    const rules: Array<Condition | ConditionGroup> = [this.term()];
    let combinator: "and" | "or" | undefined;
    for (;;) {
      this.skipSpace();
      const start = this.pos;
      const joiner = this.keyword("and") ? "and" : this.keyword("or") ? "or" : undefined;
      if (!joiner) break;
      if (combinator && joiner !== combinator)
        throw new TextError(
          `"${joiner}" after "${combinator}" ${at(start)}: put brackets around the part that belongs together, e.g. (a and b) or c`,
          start,
        );
      combinator = joiner;
      this.skipSpace();
      if (this.done()) throw new TextError(`Expected a condition after "${joiner}" ${at(start)}`, start);
      rules.push(this.term());
    }
    this.depth--;
    return { combinator: combinator ?? "and", rules };
  }

  private term(): Condition | ConditionGroup {
    this.skipSpace();
    const start = this.pos;
    if (this.keyword("not")) {
      this.skipSpace();
      if (this.text[this.pos] !== "(")
        throw new TextError(`Expected "(" after "not" ${at(this.pos)}, as in: not (body.test = true)`, this.pos);
      return { ...this.bracketed(), not: true };
    }
    if (this.text[start] === "(") return this.bracketed();
    return this.condition();
  }

  private bracketed(): ConditionGroup {
    const open = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ")") throw new TextError(`Empty brackets ${at(open)}`, open);
    const group = this.expr();
    this.skipSpace();
    if (this.text[this.pos] !== ")") {
      if (this.done()) throw new TextError(`The bracket opened ${at(open)} is not closed with ")"`, open);
      throw new TextError(`Expected ")" or "and"/"or" ${at(this.pos)}, found ${this.here()}`, this.pos);
    }
    this.pos++;
    return group;
  }

  private condition(): Condition {
    const start = this.pos;
    const field = this.field();
    this.skipSpace();
    const opStart = this.pos;
    const operator = this.operator();
    if (!operator) {
      if (this.done()) throw new TextError(`Expected an operator after ${field} ${at(opStart)}`, opStart);
      throw new TextError(
        `Expected an operator (=, !=, contains, begins with, in, exists, …) ${at(opStart)}, found ${this.here()}`,
        opStart,
      );
    }
    const condition: Condition = { field, operator };
    const arity = ARITY.get(operator);
    if (arity === "single") condition.value = this.value();
    else if (arity === "list") condition.value = this.list();
    else if (arity === "range") {
      const from = this.value();
      this.skipSpace();
      const andAt = this.pos;
      if (!this.keyword("and")) throw new TextError(`Expected "and" between the two bounds ${at(andAt)}`, andAt);
      condition.value = [from, this.value()];
    }
    const checked = conditionSchema.safeParse(condition);
    if (!checked.success) {
      const message = checked.error.issues[0]?.message ?? "Invalid condition";
      const position = checked.error.issues[0]?.path[0] === "value" ? opStart : start;
      throw new TextError(`${message} (${at(position)})`, position);
    }
    return condition;
  }

  /** A field reference: runs to whitespace outside [brackets] and "quotes". */
  private field(): string {
    const start = this.pos;
    let brackets = 0;
    while (!this.done()) {
      const char = this.text[this.pos]!;
      if (char === '"' && brackets > 0) {
        this.quoted();
        continue;
      }
      if (brackets === 0 && /[\s()=!<>,]/.test(char)) break;
      if (char === "[") brackets++;
      if (char === "]") brackets--;
      this.pos++;
    }
    const field = this.text.slice(start, this.pos);
    if (field === "")
      throw new TextError(`Expected a field such as body.status ${at(start)}, found ${this.here()}`, start);
    const parsed = parseField(field);
    if (!parsed.ok) throw new TextError(`${parsed.error} (${at(start)})`, start);
    return field;
  }

  private operator(): Operator | undefined {
    const rest = this.text
      .slice(this.pos, this.pos + 24)
      .toLowerCase()
      .replace(/\s+/g, " ");
    for (const { name, words } of OPERATOR_WORDS) {
      if (!rest.startsWith(words)) continue;
      const wordy = /[a-z]$/.test(words);
      const after = rest[words.length];
      if (wordy && after !== undefined && !/[\s("]/.test(after)) continue;
      // Advance over the label in the original text (its spaces may be runs of whitespace).
      let consumed = 0;
      while (consumed < words.length) {
        if (/\s/.test(this.text[this.pos]!)) {
          while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
          consumed++;
        } else {
          this.pos++;
          consumed++;
        }
      }
      return name;
    }
    if (rest.startsWith("matches")) {
      this.pos += "matches".length; // "matches regex" shortened
      return "matches";
    }
    return undefined;
  }

  private list(): unknown[] {
    this.skipSpace();
    const open = this.pos;
    if (this.text[open] !== "(")
      throw new TextError(`Expected "(" to start the list ${at(open)}, as in: in ("a", "b")`, open);
    this.pos++;
    const values: unknown[] = [];
    for (;;) {
      values.push(this.value());
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        continue;
      }
      if (next === ")") {
        this.pos++;
        return values;
      }
      if (next === undefined) throw new TextError(`The list opened ${at(open)} is not closed with ")"`, open);
      throw new TextError(`Expected "," or ")" ${at(this.pos)}, found ${this.here()}`, this.pos);
    }
  }

  private value(): unknown {
    this.skipSpace();
    const start = this.pos;
    if (this.done()) throw new TextError(`Expected a value ${at(start)}`, start);
    if (this.text[start] === '"') return this.quoted();
    while (!this.done() && !/[\s(),"]/.test(this.text[this.pos]!)) this.pos++;
    const word = this.text.slice(start, this.pos);
    if (word === "")
      throw new TextError(`Expected a value ${at(start)}, found ${this.here()}; quote text with punctuation`, start);
    if (NUMBER.test(word)) return Number(word);
    if (word === "true" || word === "false") return word === "true";
    if (word === "null") return null;
    return word;
  }

  /** A JSON string literal. */
  private quoted(): string {
    const start = this.pos;
    this.pos++;
    while (!this.done()) {
      const char = this.text[this.pos]!;
      if (char === "\\") this.pos += 2;
      else if (char === '"') {
        this.pos++;
        try {
          return JSON.parse(this.text.slice(start, this.pos)) as string;
        } catch {
          throw new TextError(`Invalid escape in the text quoted ${at(start)} (use \\" and \\\\)`, start);
        }
      } else this.pos++;
    }
    throw new TextError(`The quote opened ${at(start)} is not closed`, start);
  }

  private keyword(word: string): boolean {
    const end = this.pos + word.length;
    if (this.text.slice(this.pos, end).toLowerCase() !== word) return false;
    const next = this.text[end];
    if (next !== undefined && !/[\s(]/.test(next)) return false;
    this.pos = end;
    return true;
  }

  private skipSpace(): void {
    while (!this.done() && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private done(): boolean {
    return this.pos >= this.text.length;
  }

  private here(): string {
    const word = /^\s*(\S{1,20})/.exec(this.text.slice(this.pos))?.[1];
    return word ? `"${word}"` : "the end";
  }
}

/** Parses the text form into a condition tree, or says what is wrong and where. Never throws. */
export function parseConditions(text: string): ConditionTextResult {
  if (text.length > CONDITION_TEXT_MAX_LENGTH)
    return {
      ok: false,
      message: `The conditions are longer than ${CONDITION_TEXT_MAX_LENGTH} characters`,
      position: CONDITION_TEXT_MAX_LENGTH,
    };
  try {
    const tree = new Parser(text).parse();
    const checked = conditionGroupSchema.safeParse(tree);
    if (!checked.success) return { ok: false, message: checked.error.issues[0]?.message ?? "Invalid", position: 0 };
    return { ok: true, conditions: checked.data };
  } catch (error) {
    if (error instanceof TextError) return { ok: false, message: error.message, position: error.position };
    throw error;
  }
}
