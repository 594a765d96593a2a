// `{{ field }}` templates, compiled once and rendered per event. Field syntax as in ./fields.ts.
//
// JSON templates (forward bodies) always render valid JSON if the template is valid JSON with
// its placeholders filled in (checked at save time by validateJsonTemplate):
//   * a placeholder that is a whole JSON string, `"{{ body.ticket }}"`, or that stands bare
//     in value position, `{"n": {{ body.count }}}`, is replaced by the JSON encoding of the
//     value: strings are quoted and escaped, numbers/booleans/objects/arrays keep their type,
//     and a missing field renders as `null`;
//   * a placeholder inside a longer string, `"Ticket {{ body.id }}: {{ body.subject }}"`, is
//     replaced by the value's text (objects/arrays as compact JSON), escaped for a JSON
//     string; a missing field or null renders as an empty string.
//
// Text templates (routing values) render each placeholder as the value's text, and missing
// fields or null as "".

import type { EvaluationContext } from "./types";
import { compileField, type FieldResolver } from "./fields";
import { RULE_LIMITS } from "./limits";

const PLACEHOLDER_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE_PLACEHOLDER_RE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

type Segment =
  | { kind: "literal"; text: string }
  | { kind: "json"; resolve: FieldResolver } // JSON-encoded value (missing → null)
  | { kind: "jsonStringPart"; resolve: FieldResolver } // text escaped for inside a JSON string
  | { kind: "text"; resolve: FieldResolver }; // raw text (text templates)

export interface CompiledTemplate {
  render: (ctx: EvaluationContext) => string;
  /** Field references used by the template, in order of appearance. */
  fields: string[];
  /** Problems found while compiling (invalid field references, invalid JSON). */
  errors: string[];
}

/** Text form of a value: strings as-is, null/missing as "", objects as compact JSON. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** JSON encoding of a value; missing (or unencodable) → "null". */
export function valueToJson(value: unknown): string {
  if (value === undefined) return "null";
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return "null";
  }
}

function escapeForJsonString(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function renderSegments(segments: readonly Segment[], ctx: EvaluationContext): string {
  let out = "";
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    switch (seg.kind) {
      case "literal":
        out += seg.text;
        break;
      case "json":
        out += valueToJson(seg.resolve(ctx));
        break;
      case "jsonStringPart":
        out += escapeForJsonString(valueToText(seg.resolve(ctx)));
        break;
      case "text":
        out += valueToText(seg.resolve(ctx));
        break;
    }
  }
  return out;
}

class SegmentBuilder {
  readonly segments: Segment[] = [];
  readonly fields: string[] = [];
  readonly errors: string[] = [];
  private pending = "";

  literal(text: string) {
    this.pending += text;
  }

  placeholder(kind: "json" | "jsonStringPart" | "text", rawField: string) {
    const field = rawField.trim();
    this.fields.push(field);
    if (this.fields.length === RULE_LIMITS.maxPlaceholders + 1) {
      this.errors.push(`Too many placeholders (maximum ${RULE_LIMITS.maxPlaceholders})`);
    }
    const compiled =
      field === "" ? { resolve: () => undefined, error: "Empty placeholder {{ }}" } : compileField(field);
    if (compiled.error) this.errors.push(`{{ ${field} }}: ${compiled.error}`);
    this.flush();
    this.segments.push({ kind, resolve: compiled.resolve });
  }

  /** Adds string-literal content (without its quotes), splitting out placeholders. */
  stringContent(inner: string, kind: "jsonStringPart" | "text") {
    let last = 0;
    for (const m of inner.matchAll(PLACEHOLDER_RE)) {
      this.literal(inner.slice(last, m.index));
      this.placeholder(kind, m[1] ?? "");
      last = m.index + m[0].length;
    }
    this.literal(inner.slice(last));
  }

  flush() {
    if (this.pending !== "") {
      this.segments.push({ kind: "literal", text: this.pending });
      this.pending = "";
    }
  }
}

/** Compiles a text template (e.g. a routing value such as "{{ body.priority }}"). */
export function compileTextTemplate(template: string): CompiledTemplate {
  const b = new SegmentBuilder();
  if (typeof template !== "string") {
    return { render: () => "", fields: [], errors: ["Template must be text"] };
  }
  b.stringContent(template, "text");
  b.flush();
  const segments = b.segments;
  const only = segments.length === 1 ? segments[0] : undefined;
  const render =
    segments.length === 0
      ? () => ""
      : only?.kind === "literal"
        ? () => only.text
        : (ctx: EvaluationContext) => renderSegments(segments, ctx);
  return { render, fields: b.fields, errors: b.errors };
}

/** Compiles a JSON template (a forward body). See the rules at the top of the file. */
export function compileJsonTemplate(template: string): CompiledTemplate {
  const b = new SegmentBuilder();
  if (typeof template !== "string") {
    return { render: () => "null", fields: [], errors: ["Template must be text"] };
  }
  const n = template.length;
  let i = 0;
  while (i < n) {
    const c = template[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && template[j] !== '"') j += template[j] === "\\" ? 2 : 1;
      if (j >= n) {
        // Unterminated string: keep it verbatim; the JSON check below reports it.
        b.literal(template.slice(i));
        break;
      }
      const inner = template.slice(i + 1, j);
      const whole = WHOLE_PLACEHOLDER_RE.exec(inner);
      if (whole) {
        b.placeholder("json", whole[1] ?? "");
      } else if (inner.includes("{{")) {
        b.literal('"');
        b.stringContent(inner, "jsonStringPart");
        b.literal('"');
      } else {
        b.literal(template.slice(i, j + 1));
      }
      i = j + 1;
    } else if (c === "{" && template[i + 1] === "{") {
      const end = template.indexOf("}}", i + 2);
      if (end < 0) {
        b.errors.push(`Unclosed placeholder at position ${i}`);
        b.literal(template.slice(i));
        break;
      }
      b.placeholder("json", template.slice(i + 2, end));
      i = end + 2;
    } else {
      b.literal(c!);
      i++;
    }
  }
  b.flush();
  const segments = b.segments;
  const errors = b.errors;
  // Validity check: render with every placeholder missing and parse the result.
  const probe = segments.map((s) => (s.kind === "literal" ? s.text : s.kind === "json" ? "null" : "")).join("");
  try {
    JSON.parse(probe);
  } catch (err) {
    errors.push(`Template is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { render: (ctx) => renderSegments(segments, ctx), fields: b.fields, errors };
}

/** Save-time validation of a JSON template; returns error messages (empty when valid). */
export function validateJsonTemplate(template: string): string[] {
  return compileJsonTemplate(template).errors;
}

/** Save-time validation of a text template; returns error messages (empty when valid). */
export function validateTextTemplate(template: string): string[] {
  return compileTextTemplate(template).errors;
}
