// A JSON body as a tree for the event page's clickable pretty view: keys in the order they were
// written and numbers as spelled (JSON.parse would move integer-like keys first and round big
// numbers), each scalar with the rule field that reaches it (lib/rules/fields.ts syntax). An array
// of objects that each carry a distinct id (`id`, `key`, `name`…) is reached by that id,
// `body.custom_fields[id=360001].value`, as the rule builder's field picker offers it: a position
// changes from one event to the next, an id does not. Pure and client-safe; never throws.
import type { FormatSegment } from "@/lib/json-path/body-path";
import { identifyingKey } from "@/lib/rules/collect-fields";
import { formatBodyPath } from "@/lib/rules/fields";

export type JsonScalar = string | number | boolean | null;

export type JsonNode =
  /** `keyText` is the key as written (escapes and all). */
  | { kind: "object"; entries: Array<{ key: string; keyText: string; value: JsonNode }> }
  | { kind: "array"; items: JsonNode[] }
  /** `text` is the value as written (its JSON spelling); `field` the rule field that reaches it. */
  | { kind: "scalar"; text: string; value: JsonScalar; field: string };

/** Bodies with more values than this are shown as plain text (a page of buttons would not help). */
export const MAX_TREE_SCALARS = 5_000;
const MAX_DEPTH = 64;

class Reader {
  pos = 0;
  scalars = 0;
  constructor(readonly text: string) {}

  space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  value(path: FormatSegment[], depth: number, parsed: unknown): JsonNode {
    if (depth > MAX_DEPTH) throw new Error("too deep");
    this.space();
    const char = this.text[this.pos];
    if (char === "{") {
      this.pos++;
      const entries: Array<{ key: string; keyText: string; value: JsonNode }> = [];
      this.space();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return { kind: "object", entries };
      }
      for (;;) {
        this.space();
        const keyStart = this.pos;
        const key = this.string();
        const keyText = this.text.slice(keyStart, this.pos);
        this.space();
        this.pos++; // ":"
        const child = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>)[key] : undefined;
        path.push(key);
        entries.push({ key, keyText, value: this.value(path, depth + 1, child) });
        path.pop();
        this.space();
        if (this.text[this.pos++] === "}") return { kind: "object", entries };
      }
    }
    if (char === "[") {
      this.pos++;
      const items: JsonNode[] = [];
      const elements = Array.isArray(parsed) ? (parsed as unknown[]) : [];
      const idKey = identifyingKey(elements);
      this.space();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return { kind: "array", items };
      }
      for (let index = 0; ; index++) {
        const element = elements[index];
        const id = idKey && element !== null && typeof element === "object" ? (element as Record<string, unknown>)[idKey] : undefined;
        // identifyingKey looks at the first elements only; later ones are reached by position.
        path.push(idKey && (typeof id === "string" || typeof id === "number") && index < 20 ? { selector: { key: idKey, value: id } } : index);
        items.push(this.value(path, depth + 1, element));
        path.pop();
        this.space();
        if (this.text[this.pos++] === "]") return { kind: "array", items };
      }
    }
    const start = this.pos;
    let value: JsonScalar;
    if (char === '"') value = this.string();
    else {
      while (this.pos < this.text.length && /[^\s,\]}]/.test(this.text[this.pos]!)) this.pos++;
      value = JSON.parse(this.text.slice(start, this.pos)) as JsonScalar;
    }
    if (++this.scalars > MAX_TREE_SCALARS) throw new Error("too many values");
    return { kind: "scalar", text: this.text.slice(start, this.pos), value, field: formatBodyPath(path) };
  }

  string(): string {
    const start = this.pos;
    let end = start + 1;
    while (this.text[end] !== '"') end += this.text[end] === "\\" ? 2 : 1;
    this.pos = end + 1;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }
}

/** The body's tree, or null when the text is not JSON (or too big or deep to show as one). */
export function jsonTree(text: string): JsonNode | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  try {
    return new Reader(text).value([], 0, parsed);
  } catch {
    return null;
  }
}

/**
 * The value as a condition value: numbers as numbers unless JavaScript would round them (then the
 * digits as written, which the rules' `=` still compares as a number).
 */
export function conditionValueOf(node: { text: string; value: JsonScalar }): JsonScalar {
  if (typeof node.value === "number" && !Number.isSafeInteger(node.value) && String(node.value) !== node.text) return node.text;
  return node.value;
}
