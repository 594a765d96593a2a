// Event summaries: a source's one-line template, such as `#{{ticket.id}} {{ticket.subject}}`, that
// names each of its events in every list. Pure and client-safe: the routing worker renders it for
// each event it routes, the read path for events stored before (lib/summaries/event-summaries.ts),
// and the source form for its live preview.
//
// Syntax:
//   {{ticket.id}}            a value in the JSON body (lib/json-path syntax: items[0].sku,
//                            custom_fields[id=360001].value, ["odd.key"])
//   {{X-GitHub-Event}}       …or, when the body has no such value, the request header of that name
//   {{headers.x-name}}       a header, explicitly
//   {{ticket.id | detail.id}} the first alternative that has a value
// Only text, numbers and true/false show: objects, lists, null and "" count as missing, so the next
// alternative is tried. A missing value renders as nothing, and separators that only made sense
// around it go with it: `#{{id}}` loses its "#", a dangling " · " is dropped.
//
// Hostile payloads cannot break or slow it: the template is bounded (length, placeholders,
// alternatives), walking follows own properties only (no `__proto__`), array matches scan a bounded
// prefix, each value is cut before it is cleaned, control and bidi characters are removed, and the
// result is at most SUMMARY_LIMITS.maxSummaryLength characters. It never throws.
import { parseBodyPath, walkPath, type PathSegment } from "@/lib/json-path/body-path";

export const SUMMARY_LIMITS = {
  maxTemplateLength: 300,
  maxPlaceholders: 20,
  maxAlternatives: 6,
  /** Characters kept of one value. */
  maxValueLength: 120,
  /** Characters of the whole summary (an ellipsis marks a cut). */
  maxSummaryLength: 160,
} as const;

/** What a summary is made from: the event's parsed body (null when not JSON) and its headers. */
export interface SummaryInput {
  body: unknown;
  headers: Readonly<Record<string, string>> | null | undefined;
}

export interface CompiledSummaryTemplate {
  /** The summary, or null when the template is empty or invalid or nothing in the event filled it. */
  render: (input: SummaryInput) => string | null;
  /** Problems found, each a sentence for the operator; empty when the template is valid. */
  errors: string[];
}

interface Alternative {
  body: PathSegment[] | null;
  header: string | null;
}

type Segment = { kind: "literal"; text: string } | { kind: "value"; alternatives: Alternative[] };

// Characters that join or introduce values ("#12", "a · b", "org/repo#7", "x: y") and mean nothing
// without them.
const SEPARATOR = "#·•:;,|/\\-–—@>→";
const SEPARATORS = new Set(SEPARATOR);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
// Zero-width and bidirectional formatting characters: they could make a summary read as another.
const FORMATTING = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function isSeparatorOnly(text: string): boolean {
  if (text === "") return false;
  for (const char of text) if (!SEPARATORS.has(char)) return false;
  return true;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The text a value shows as, or null when it counts as missing. */
function valueText(value: unknown): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return String(value);
  if (typeof value !== "string") return null;
  // Cut before cleaning, so a megabyte string costs no more than a short one.
  const text = value.slice(0, SUMMARY_LIMITS.maxValueLength * 2).replace(CONTROL, " ").replace(FORMATTING, "").replace(/\s+/g, " ").trim();
  return text === "" ? null : cut(text, SUMMARY_LIMITS.maxValueLength);
}

/** Splits `a | b` on bars outside double quotes. */
function splitAlternatives(inner: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i]!;
    if (char === "\\" && quoted) {
      current += char + (inner[i + 1] ?? "");
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === "|" && !quoted) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

function compileAlternative(text: string): { alternative: Alternative } | { error: string } {
  if (text.startsWith("headers.")) {
    const name = text.slice("headers.".length);
    if (!HEADER_NAME.test(name)) return { error: `{{${text}}}: "${name}" is not a header name` };
    return { alternative: { body: null, header: name.toLowerCase() } };
  }
  const parsed = parseBodyPath(text.startsWith("[") ? text : `.${text}`);
  if (!parsed.ok) return { error: `{{${text}}}: ${parsed.error}` };
  return { alternative: { body: parsed.path, header: HEADER_NAME.test(text) ? text.toLowerCase() : null } };
}

function parseTemplate(template: string): { segments: Segment[]; errors: string[] } {
  const segments: Segment[] = [];
  const errors: string[] = [];
  let placeholders = 0;
  let i = 0;
  let literal = "";
  const flush = () => {
    if (literal !== "") segments.push({ kind: "literal", text: literal });
    literal = "";
  };
  while (i < template.length) {
    const open = template.indexOf("{{", i);
    const strayClose = template.indexOf("}}", i);
    if (strayClose >= 0 && (open < 0 || strayClose < open)) {
      errors.push(`"}}" at position ${strayClose + 1} has no "{{" before it`);
      literal += template.slice(i, strayClose + 2);
      i = strayClose + 2;
      continue;
    }
    if (open < 0) {
      literal += template.slice(i);
      break;
    }
    literal += template.slice(i, open);
    const close = template.indexOf("}}", open + 2);
    const nested = template.indexOf("{{", open + 2);
    if (close < 0 || (nested >= 0 && nested < close)) {
      errors.push(`"{{" at position ${open + 1} is not closed with "}}"`);
      literal += template.slice(open, close < 0 ? template.length : nested);
      i = close < 0 ? template.length : nested;
      continue;
    }
    placeholders++;
    const inner = template.slice(open + 2, close).trim();
    i = close + 2;
    if (inner === "") {
      errors.push(`An empty placeholder {{}} at position ${open + 1}: put a field in it, such as {{type}}`);
      continue;
    }
    const texts = splitAlternatives(inner);
    if (texts.length > SUMMARY_LIMITS.maxAlternatives) {
      errors.push(`{{${inner}}}: at most ${SUMMARY_LIMITS.maxAlternatives} alternatives`);
      continue;
    }
    const alternatives: Alternative[] = [];
    for (const text of texts) {
      if (text === "") {
        errors.push(`{{${inner}}}: an empty alternative beside a "|"`);
        continue;
      }
      const compiled = compileAlternative(text);
      if ("error" in compiled) errors.push(compiled.error);
      else alternatives.push(compiled.alternative);
    }
    flush();
    segments.push({ kind: "value", alternatives });
  }
  flush();
  if (placeholders > SUMMARY_LIMITS.maxPlaceholders) errors.unshift(`At most ${SUMMARY_LIMITS.maxPlaceholders} placeholders; this one has ${placeholders}`);
  return { segments, errors };
}

function resolve(alternatives: readonly Alternative[], input: SummaryInput): string | null {
  for (const alternative of alternatives) {
    if (alternative.body) {
      const text = valueText(walkPath(input.body, alternative.body));
      if (text !== null) return text;
    }
    const headers = input.headers;
    if (alternative.header && headers && typeof headers === "object" && Object.hasOwn(headers, alternative.header)) {
      const text = valueText(headers[alternative.header]);
      if (text !== null) return text;
    }
  }
  return null;
}

/** Leading separators of a literal that follows a value and stand alone ("{{a}}: …"): the value's suffix. */
function leadingSeparators(text: string): number {
  let n = 0;
  while (n < text.length && SEPARATORS.has(text[n]!)) n++;
  return n > 0 && (n === text.length || /\s/.test(text[n]!)) ? n : 0;
}

/** Trailing separators glued to the value after them ("#{{id}}", "repo#{{n}}"): the value's prefix. */
function trailingSeparators(text: string): number {
  let n = 0;
  while (n < text.length && SEPARATORS.has(text[text.length - 1 - n]!)) n++;
  return n;
}

function assemble(segments: readonly Segment[], values: ReadonlyArray<string | null>): string {
  let out = "";
  segments.forEach((segment, index) => {
    if (segment.kind === "value") {
      out += values[index] ?? "";
      return;
    }
    let text = segment.text;
    const before = segments[index - 1];
    const after = segments[index + 1];
    if (after?.kind === "value" && values[index + 1] === null) text = text.slice(0, text.length - trailingSeparators(text));
    if (before?.kind === "value" && values[index - 1] === null && !(after?.kind === "value" && isSeparatorOnly(segment.text))) {
      text = text.slice(leadingSeparators(text));
    }
    out += text;
  });
  // Stand-alone separators left at either end, or twice in a row, joined values that are missing.
  const words: string[] = [];
  for (const word of out.split(/\s+/)) {
    if (word === "") continue;
    if (isSeparatorOnly(word) && (words.length === 0 || isSeparatorOnly(words[words.length - 1]!))) continue;
    words.push(word);
  }
  while (words.length > 0 && isSeparatorOnly(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}

/** Compiles a summary template once; render it per event. */
export function compileSummaryTemplate(template: string): CompiledSummaryTemplate {
  if (typeof template !== "string") return { render: () => null, errors: ["The summary template must be text"] };
  if (template.length > SUMMARY_LIMITS.maxTemplateLength) {
    return { render: () => null, errors: [`At most ${SUMMARY_LIMITS.maxTemplateLength} characters; this one has ${template.length}`] };
  }
  const { segments, errors } = parseTemplate(template);
  if (errors.length > 0 || segments.length === 0) return { render: () => null, errors };
  return {
    errors,
    render(input) {
      const values = segments.map((segment) => (segment.kind === "value" ? resolve(segment.alternatives, input) : null));
      // Nothing of the event in it: no name at all says more than the template's bare separators.
      if (segments.some((segment) => segment.kind === "value") && values.every((value) => value === null)) return null;
      const text = assemble(segments, values).replace(CONTROL, " ").replace(FORMATTING, "").trim();
      return text === "" ? null : cut(text, SUMMARY_LIMITS.maxSummaryLength);
    },
  };
}

/** Save-time check of a template: the problems, each a sentence; empty when it is valid. */
export function summaryTemplateErrors(template: string): string[] {
  return compileSummaryTemplate(template).errors;
}
