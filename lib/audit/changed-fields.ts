// Which fields a change really changes, for the audit log's details: their names, and for each
// field that holds no secret its value before and after (bounded, so a long template or allowlist
// cannot bloat the log). Fields named in `namesOnly` (a destination's headers, whose values may be
// credentials) show which keys were added, removed or changed, never a value.
import { isDeepStrictEqual } from "node:util";
import type { AuditChange, AuditValue } from "@/lib/audit/record-audit";

const MAX_TEXT = 200;
const MAX_ITEMS = 20;

export function changedFields(before: Record<string, unknown>, changes: Record<string, unknown>): string[] {
  return Object.keys(changes).filter((key) => changes[key] !== undefined && !isDeepStrictEqual(before[key], changes[key]));
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** A value as the audit log keeps it: scalars as they are (text cut), lists of scalars, anything else as cut JSON. */
export function auditValue(value: unknown): AuditValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return cut(value);
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((item) => item === null || ["string", "number", "boolean"].includes(typeof item))) {
    const items = value.slice(0, MAX_ITEMS).map((item) => cut(String(item)));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  return cut(JSON.stringify(value) ?? "");
}

function entriesOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Which keys of a map were added, removed or given another value (the values themselves stay out). */
function keyChanges(before: unknown, after: unknown): AuditChange {
  const from = entriesOf(before);
  const to = entriesOf(after);
  return {
    added: Object.keys(to).filter((key) => !Object.hasOwn(from, key)).sort(),
    removed: Object.keys(from).filter((key) => !Object.hasOwn(to, key)).sort(),
    changed: Object.keys(to).filter((key) => Object.hasOwn(from, key) && !isDeepStrictEqual(from[key], to[key])).sort(),
  };
}

/** The changed fields and, per field, its value before and after. */
export function describeChanges(
  before: Record<string, unknown>,
  changes: Record<string, unknown>,
  { namesOnly = [] }: { namesOnly?: readonly string[] } = {},
): { fields: string[]; changes: Record<string, AuditChange> } {
  const fields = changedFields(before, changes);
  const described: Record<string, AuditChange> = {};
  for (const field of fields) {
    described[field] = namesOnly.includes(field)
      ? keyChanges(before[field], changes[field])
      : { from: auditValue(before[field]), to: auditValue(changes[field]) };
  }
  return { fields, changes: described };
}
