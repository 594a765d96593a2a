// Paths into a parsed JSON body, shared by routing rules (lib/rules: `body.a[0].b`), event summary
// templates (lib/summaries: `{{ticket.id}}`) and the backtest's SQL projection. Pure; never throws.
//
// Syntax of the part after the root (`body` in a rule field):
//   .a.b                 object keys
//   [0]  or  .0          array index (on an object, `.0` is the key "0")
//   ["odd.key"]          any key, as a JSON string
//   [id=360001]          the first array element (an object) whose `id` equals 360001: the value
//   [id="abc"]           is a JSON scalar (number, "string", true, false, null) or a bare word;
//   ["field id"=abc]     equality as the rules' `=`: 5 equals "5", true equals "true".
//                        Only the first MAX_SELECTOR_SCAN elements are searched, so a hostile
//                        array cannot make one lookup slow.
//
// Walking follows own properties only: `__proto__`, `constructor` or `length` are missing.

export const MAX_SELECTOR_SCAN = 1_000;

export type Scalar = string | number | boolean | null;

/** An object key, or an array index when the key is a canonical non-negative integer. */
export interface KeySegment {
  key: string;
  index: number | undefined;
  selector?: undefined;
}

/** `[key=value]`: the first array element whose `key` equals `value`. */
export interface SelectorSegment {
  selector: { key: string; value: Scalar };
  key?: undefined;
  index?: undefined;
}

export type PathSegment = KeySegment | SelectorSegment;

export type ParseBodyPathResult = { ok: true; path: PathSegment[] } | { ok: false; error: string };

const INDEX_RE = /^(?:0|[1-9]\d{0,8})$/;
const BAD_DOT_SEGMENT_CHARS = /[\]"'\s]/;
const SELECTOR_KEY_RE = /^[A-Za-z0-9_$@:-]+$/;
const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function keySegment(key: string): KeySegment {
  return { key, index: INDEX_RE.test(key) ? Number(key) : undefined };
}

/** Reads a JSON string starting at `start` (a `"`); returns its value and the index after it. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  let j = start + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
  if (j >= text.length) return null;
  try {
    const value: unknown = JSON.parse(text.slice(start, j + 1));
    return typeof value === "string" ? { value, end: j + 1 } : null;
  } catch {
    return null;
  }
}

function selectorValue(raw: string): Scalar {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (NUMBER_RE.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  return raw;
}

/** Parses `[...]` at `i`; returns the segment and the index after `]`. */
function parseBracket(rest: string, i: number): { segment: PathSegment; end: number } | { error: string } {
  let j = i + 1;
  let key: string;
  let quotedKey = false;
  if (rest[j] === '"') {
    const quoted = readQuoted(rest, j);
    if (!quoted) return { error: `Unterminated ["..."] at position ${i}` };
    key = quoted.value;
    quotedKey = true;
    j = quoted.end;
    if (rest[j] === "]") return { segment: keySegment(key), end: j + 1 };
  } else {
    const stop = rest.slice(j).search(/[=\]]/);
    if (stop < 0) return { error: `Missing ] after position ${i}` };
    key = rest.slice(j, j + stop).trim();
    j += stop;
    if (rest[j] === "]") {
      if (!INDEX_RE.test(key)) {
        return { error: `Array index must be a non-negative integer, got [${key}] (for a key write ["${key}"], to match an element [id=123])` };
      }
      return { segment: { key, index: Number(key) }, end: j + 1 };
    }
  }
  if (rest[j] !== "=") return { error: `Expected ] or = after the key at position ${j}` };
  if (!quotedKey && !SELECTOR_KEY_RE.test(key)) {
    return { error: `In [${key}=…] write the key as ["${key}"=…] (it has special characters or is empty)` };
  }
  j++;
  while (rest[j] === " ") j++;
  let value: Scalar;
  if (rest[j] === '"') {
    const quoted = readQuoted(rest, j);
    if (!quoted) return { error: `Unterminated quoted value at position ${j}` };
    value = quoted.value;
    j = quoted.end;
    while (rest[j] === " ") j++;
    if (rest[j] !== "]") return { error: `Missing ] after the quoted value at position ${j}` };
  } else {
    const close = rest.indexOf("]", j);
    if (close < 0) return { error: `Missing ] after position ${i}` };
    const raw = rest.slice(j, close).trim();
    if (raw === "") return { error: `[${key}=] needs a value, e.g. [${key}=123] or [${key}="abc"]` };
    if (/["[]/.test(raw)) return { error: `Put the value in [${key}=…] in double quotes` };
    value = selectorValue(raw);
    j = close;
  }
  return { segment: { selector: { key, value } }, end: j + 1 };
}

/** Parses a path such as `.a[0]["x.y"][id=5].b` (the part after the root). */
export function parseBodyPath(rest: string): ParseBodyPathResult {
  const path: PathSegment[] = [];
  let i = 0;
  while (i < rest.length) {
    const c = rest[i];
    if (c === ".") {
      let j = i + 1;
      while (j < rest.length && rest[j] !== "." && rest[j] !== "[") j++;
      const key = rest.slice(i + 1, j);
      if (key === "") return { ok: false, error: `Empty path segment at position ${i + 1}` };
      if (BAD_DOT_SEGMENT_CHARS.test(key)) {
        return { ok: false, error: `Path segment "${key}" has special characters; write it as ["${key}"]` };
      }
      path.push(keySegment(key));
      i = j;
    } else if (c === "[") {
      const parsed = parseBracket(rest, i);
      if ("error" in parsed) return { ok: false, error: parsed.error };
      path.push(parsed.segment);
      i = parsed.end;
    } else {
      return { ok: false, error: `Unexpected "${c}" at position ${i}; use . or [ ] between path segments` };
    }
  }
  return { ok: true, path };
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false };

function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.length <= 64 && NUMBER_RE.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Equality as the rules' `=`: numbers with numeric strings, booleans with "true"/"false", strings exactly. */
export function scalarEquals(actual: unknown, expected: Scalar): boolean {
  if (expected === null || actual === null) return actual === expected;
  if (typeof actual === typeof expected) return actual === expected;
  if (typeof actual === "number" || typeof expected === "number") {
    const a = numeric(actual);
    return a !== undefined && a === numeric(expected);
  }
  if (typeof actual === "boolean" && typeof expected === "string") return BOOLEAN_WORDS[expected.trim().toLowerCase()] === actual;
  if (typeof expected === "boolean" && typeof actual === "string") return BOOLEAN_WORDS[actual.trim().toLowerCase()] === expected;
  return false;
}

function selectElement(array: readonly unknown[], selector: SelectorSegment["selector"]): unknown {
  const end = Math.min(array.length, MAX_SELECTOR_SCAN);
  for (let i = 0; i < end; i++) {
    const element = array[i];
    if (typeof element === "object" && element !== null && !Array.isArray(element) && Object.hasOwn(element, selector.key)) {
      if (scalarEquals((element as Record<string, unknown>)[selector.key], selector.value)) return element;
    }
  }
  return undefined;
}

/** Follows a parsed path from `root`; anything not there is `undefined`. */
export function walkPath(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (let i = 0; i < path.length; i++) {
    if (typeof cur !== "object" || cur === null) return undefined;
    const seg = path[i]!;
    if (seg.selector) {
      if (!Array.isArray(cur)) return undefined;
      cur = selectElement(cur, seg.selector);
    } else if (Array.isArray(cur)) {
      if (seg.index === undefined || seg.index >= cur.length) return undefined;
      cur = cur[seg.index];
    } else {
      if (!Object.hasOwn(cur, seg.key)) return undefined;
      cur = (cur as Record<string, unknown>)[seg.key];
    }
  }
  return cur;
}

/** A path segment to format: a key, an array index, or a `[key=value]` match. */
export type FormatSegment = string | number | { selector: { key: string; value: Scalar } };

const SAFE_DOT_SEGMENT = /^[^.[\]"'\s]+$/;

/** Formats segments after `root`, e.g. `body.a[0]["x.y"][id=5]`. */
export function formatPath(root: string, segments: readonly FormatSegment[]): string {
  let out = root;
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (typeof seg === "string") out += SAFE_DOT_SEGMENT.test(seg) ? (out === "" ? seg : `.${seg}`) : `[${JSON.stringify(seg)}]`;
    else {
      const { key, value } = seg.selector;
      const keyText = SELECTOR_KEY_RE.test(key) ? key : JSON.stringify(key);
      out += `[${keyText}=${typeof value === "string" ? JSON.stringify(value) : String(value)}]`;
    }
  }
  return out;
}
