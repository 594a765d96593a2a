// Parses a body as JSON when its content type says JSON, into a value PostgreSQL's jsonb can hold.
// A JSON body jsonb cannot hold (not UTF-8, not JSON, a NUL or a lone surrogate in a string, nesting
// deeper than MAX_JSON_DEPTH, a number beyond a double) is kept as raw bytes only, with a note
// that says why. A form body (application/x-www-form-urlencoded) becomes an object of its fields.
// Other content types are kept raw only, without a note.
import { isUtf8 } from "node:buffer";

/** Deeper bodies are kept raw only: PostgreSQL and every recursive walk over a payload stay safe. */
export const MAX_JSON_DEPTH = 512;
const KEPT_RAW = "kept as raw bytes only";

export type ParsedPayload = {
  /** What events.payload stores: the parsed JSON, or null when there is none or jsonb cannot hold it. */
  payload: unknown;
  /** The parsed JSON even when jsonb cannot hold it (the event type and dedupe key are read from it); null when it did not parse. */
  json: unknown;
  parseError: string | null;
};

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/i;

export function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && JSON_TYPE.test(contentType.trim());
}

/** Control characters (NUL among them) written as \uXXXX, so a note never carries bytes a text column refuses. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).slice(0, 300);
}

function stringProblem(value: string): string | null {
  if (value.includes("\u0000")) return `The body has a NUL character (\\u0000), which PostgreSQL's jsonb cannot store; ${KEPT_RAW}.`;
  if (!value.isWellFormed()) return `The body has a lone UTF-16 surrogate escape (such as \\ud800), which is not a Unicode character; ${KEPT_RAW}.`;
  return null;
}

/**
 * The first reason jsonb cannot hold `root`, in one iterative walk (no recursion, so any depth is
 * safe). Strings are checked only when `checkStrings`: see parsePayload.
 */
function storageProblem(root: unknown, checkStrings: boolean): string | null {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return `The body has a number too large for a double (beyond ±1.8e308); ${KEPT_RAW}.`;
    } else if (typeof value === "string") {
      const problem = checkStrings ? stringProblem(value) : null;
      if (problem) return problem;
    } else if (typeof value === "object" && value !== null) {
      if (depth >= MAX_JSON_DEPTH) return `The body nests deeper than ${MAX_JSON_DEPTH} levels; ${KEPT_RAW}.`;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
          values.push(item);
          depths.push(depth + 1);
        }
      } else {
        for (const [key, item] of Object.entries(value)) {
          const problem = checkStrings ? stringProblem(key) : null;
          if (problem) return problem;
          values.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return null;
}

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

/**
 * A form body (Twilio's, for one) as an object of its fields, so rules, summaries and payload
 * queries see them: `{ "From": "+1555…", "Body": "…" }`, a repeated name's values as an array.
 * One jsonb cannot hold (not UTF-8, a NUL from %00) is kept raw only, as any body that is not JSON.
 */
function parseForm(body: Buffer): ParsedPayload {
  const none: ParsedPayload = { payload: null, json: null, parseError: null };
  if (!isUtf8(body)) return none;
  const fields = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) {
    const existing = fields.get(name);
    fields.set(name, existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
  // fromEntries defines own properties: a field named __proto__ stays a field.
  const payload = Object.fromEntries(fields);
  return storageProblem(payload, true) ? none : { payload, json: payload, parseError: null };
}

export function parsePayload(body: Buffer, contentType: string | null): ParsedPayload {
  if (contentType !== null && FORM_TYPE.test(contentType.trim())) return parseForm(body);
  if (!isJsonContentType(contentType)) return { payload: null, json: null, parseError: null };
  const raw = (parseError: string): ParsedPayload => ({ payload: null, json: null, parseError });
  // toString("utf8") would silently turn invalid bytes into U+FFFD: a payload that is not the body.
  if (!isUtf8(body)) return raw(`The body is not valid UTF-8; ${KEPT_RAW}.`);
  let text = body.toString("utf8");
  // RFC 8259 §8.1 lets a parser ignore a byte order mark; the stored body keeps it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the input: escape it.
    return raw(`The body is not valid JSON (${printable(error instanceof Error ? error.message : String(error))}); ${KEPT_RAW}.`);
  }
  // A string can hold NUL or a lone surrogate only through a \u escape: JSON forbids raw control
  // characters in strings, and valid UTF-8 (checked above) cannot encode a surrogate. Without a
  // "\u" in the body, the walk need not look at strings; it still checks depth and numbers.
  const problem = storageProblem(json, body.includes("\\u"));
  return { payload: problem ? null : json, json, parseError: problem };
}
