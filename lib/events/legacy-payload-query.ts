// The retired payload query (`?q=data.priority in (high, urgent)`) in the one condition language that
// replaced it (`body.data.priority in ("high", "urgent")`, lib/rules/condition-text.ts). Old links
// are translated (the events page redirects to `where=` and says so); stored bulk-replay filters
// are upgraded when read; the API refuses `q` with the translation in its answer (the results could
// differ, see below, and a client should not get different events silently).
//
// What the translation keeps: the body path (now starting with `body.`, a number in a path is an
// array position `[0]`), `=` and `in`, values (a bare number, true, false or null is that JSON
// value, which the rules' equality also finds as text: 1 matches "1"; quoted text stays text).
// What differs: the old query looked inside lists at every level of a path (items.sku found any
// item's sku); a rule's path names the element (items[0].sku, items[sku="B-2"]), and `in` finds a
// value inside a list at the end of the path.
import { formatConditions, parseConditions } from "@/lib/rules/condition-text";
import type { Condition, ConditionGroup } from "@/lib/rules/schema";
import { formatBodyPath } from "@/lib/rules/fields";
import { parsePayloadQuery, type PayloadClause, type QueryValue } from "@/lib/events/payload-query";

export type LegacyQueryTranslation = { ok: true; conditions: ConditionGroup; where: string } | { ok: false; message: string };

/** What every notice about a translated query says about the one real difference. */
export const LEGACY_QUERY_NOTE =
  "Paths now start with body., and a path through a list names the element (body.items[0].sku or body.items[sku=\"B-2\"]): the old query looked inside lists by itself.";

function valueOf(value: QueryValue): string | number | boolean | null {
  if (value.kind === "text" || value.json === null) return value.text;
  const parsed: unknown = JSON.parse(value.json);
  // A number JSON cannot hold exactly (12345678901234567890) stays the text it was written as.
  if (typeof parsed === "number" && String(parsed) !== value.json && !Number.isSafeInteger(parsed)) return value.text;
  return parsed as number | boolean | null;
}

function conditionOf(clause: PayloadClause): Condition {
  const field = formatBodyPath(clause.path.map((segment) => ("key" in segment ? segment.key : segment.index)));
  const values = [...new Map(clause.values.map((value) => [JSON.stringify(valueOf(value)), valueOf(value)])).values()];
  if (values.length === 1) return { field, operator: "=", value: values[0] };
  return { field, operator: "in", value: values };
}

/** The payload query as conditions (and their canonical text), or why it cannot be read. */
export function translatePayloadQuery(text: string): LegacyQueryTranslation {
  const parsed = parsePayloadQuery(text.trim());
  if (!parsed.ok) return parsed;
  const group: ConditionGroup = { combinator: "and", rules: parsed.clauses.map(conditionOf) };
  const where = formatConditions(group);
  // The canonical text must read back as the same conditions (it always should: checked, not assumed).
  const check = parseConditions(where);
  if (!check.ok) return { ok: false, message: `It translates to conditions that do not read back (${check.message})` };
  return { ok: true, conditions: check.conditions, where };
}

/**
 * `where` joined with the translated query (both must hold, as when they were two filters); when
 * `where` does not parse it is kept as typed, bracketed, so its own error still shows.
 */
export function joinWhere(where: string | undefined, translated: LegacyQueryTranslation & { ok: true }): string {
  if (!where || where.trim() === "") return translated.where;
  const parsed = parseConditions(where);
  if (!parsed.ok) return `(${where.trim()}) and ${translated.where}`;
  if (parsed.conditions.rules.length === 0) return translated.where;
  return formatConditions({ combinator: "and", rules: [parsed.conditions, ...translated.conditions.rules] });
}

/**
 * A stored filter (a bulk replay's, saved before `q` was retired) in today's shape: `q` folded into
 * `where`. Anything that is not such a filter is returned as it is, for the schema to judge.
 */
export function upgradeStoredEventFilter(filter: unknown): unknown {
  if (typeof filter !== "object" || filter === null || !("q" in filter)) return filter;
  const { q, ...rest } = filter as Record<string, unknown>;
  if (typeof q !== "string") return filter;
  const translated = translatePayloadQuery(q);
  if (!translated.ok) return filter;
  const where = typeof rest.where === "string" ? rest.where : undefined;
  return { ...rest, where: joinWhere(where, translated) };
}

/** The API's answer to a request that still sends `q`: the filter to send instead, or why there is none. */
export function retiredQueryMessage(q: string): string {
  const translated = translatePayloadQuery(q);
  return translated.ok
    ? `The payload query \`q\` is retired: send where=${translated.where} instead (the same filter in the rules' conditions). ${LEGACY_QUERY_NOTE}`
    : `The payload query \`q\` is retired, and this one could not be read (${translated.message}): send the filter as \`where\`, in the rules' conditions.`;
}

export type LegacyLinkReading =
  /** No payload query in the link. */
  | { kind: "none" }
  /** The same filter with `where` (and `from_q`, so the page can say what happened). */
  | { kind: "translated"; query: URLSearchParams }
  | { kind: "unreadable"; q: string; message: string };

/** An events page link with the retired `q`: the link to go to instead, or why there is none. */
export function readLegacyLink(params: Record<string, string | string[] | undefined>): LegacyLinkReading {
  const q = typeof params.q === "string" ? params.q.trim() : "";
  if (q === "") return { kind: "none" };
  const translated = translatePayloadQuery(q);
  if (!translated.ok) return { kind: "unreadable", q, message: translated.message };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (typeof value === "string" && key !== "q" && key !== "where") query.set(key, value);
  query.set("where", joinWhere(typeof params.where === "string" ? params.where : undefined, translated));
  query.set("from_q", q);
  return { kind: "translated", query };
}
