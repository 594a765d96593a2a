// The events list filter: one zod schema shared by the page's URL, /api/v1/events' query string and
// the stored filter of a bulk replay. Keys are the URL's parameter names, so a filter is its URL.
// Values are kept as typed (the routing field and conditions as text, validated by their
// parsers; the retired payload query `q` is translated before: lib/events/legacy-payload-query.ts); lib/events/event-filter-sql.ts turns a parsed filter into SQL.
import { z } from "zod";
import { CONDITION_TEXT_MAX_LENGTH, parseConditions } from "@/lib/rules/condition-text";

const EVENT_STATUS_FILTERS = ["received", "routed", "unmatched", "ignored", "failed", "duplicate"] as const;

/** Quick ranges, relative to now when the list is read (a shared link keeps meaning "the last hour"). */
export const EVENT_TIME_RANGES = {
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
  "30d": { label: "Last 30 days", ms: 30 * 86_400_000 },
} as const;
type EventTimeRange = keyof typeof EVENT_TIME_RANGES;
const RANGE_KEYS = Object.keys(EVENT_TIME_RANGES) as [EventTimeRange, ...EventTimeRange[]];

/** `team=billing` → { key: "team", value: "billing" } (split at the first "="). */
export function parseRoutingField(
  text: string,
): { ok: true; key: string; value: string } | { ok: false; message: string } {
  const equals = text.indexOf("=");
  if (equals < 0) return { ok: false, message: "Write it as name=value, e.g. team=billing" };
  const key = text.slice(0, equals).trim();
  const value = text.slice(equals + 1).trim();
  if (key === "") return { ok: false, message: "The routing field needs a name before the =" };
  return { ok: true, key, value };
}

const text = (max: number) => z.string().trim().min(1).max(max, `At most ${max} characters`);

/** A time as typed (see normalizeFilterTime), kept as an ISO instant. */
const filterTime = z.string().transform((value, ctx) => {
  const time = normalizeFilterTime(value);
  if (time !== null) return time;
  ctx.addIssue({
    code: "custom",
    message: `"${value.trim()}" is not a date and time (e.g. 2026-01-31T14:00, read as UTC)`,
  });
  return z.NEVER;
});

export const EventFilter = z.strictObject({
  /** Text in the event's summary (its name in lists), any case. */
  search: text(200).optional(),
  source: z.uuid("Not a source id").optional(),
  status: z.enum(EVENT_STATUS_FILTERS, { error: `One of: ${EVENT_STATUS_FILTERS.join(", ")}` }).optional(),
  /** Event type, exactly. */
  type: text(200).optional(),
  /** One tag, exactly. */
  tag: text(100).optional(),
  /** A routing field, `name=value`. */
  routing: text(300)
    .superRefine((value, ctx) => {
      const parsed = parseRoutingField(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
    })
    .optional(),
  /** Conditions in the rule builder's text form (lib/rules/condition-text.ts), evaluated as the engine does. */
  where: z
    .string()
    .trim()
    .min(1)
    .max(CONDITION_TEXT_MAX_LENGTH, `At most ${CONDITION_TEXT_MAX_LENGTH} characters`)
    .superRefine((value, ctx) => {
      const parsed = parseConditions(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message, params: { position: parsed.position } });
    })
    .optional(),
  /** Received at or after. */
  from: filterTime.optional(),
  /** Received before. */
  to: filterTime.optional(),
  range: z.enum(RANGE_KEYS, { error: `One of: ${RANGE_KEYS.join(", ")}` }).optional(),
});
export type EventFilter = z.infer<typeof EventFilter>;
export type EventFilterKey = keyof EventFilter;

export const EVENT_FILTER_KEYS = Object.keys(EventFilter.shape) as EventFilterKey[];

export const EVENT_FILTER_LABELS: Record<EventFilterKey, string> = {
  search: "Summary contains",
  source: "Source",
  status: "Status",
  type: "Event type",
  tag: "Tag",
  routing: "Routing field",
  where: "Conditions",
  from: "From",
  to: "To",
  range: "Time range",
};

export interface EventFilterError {
  key: EventFilterKey;
  /** 'Expected an operator after body.customer at character 15' (shown after the key's label). */
  message: string;
  /** Where in the typed text the problem is (0-based), for conditions. */
  position?: number;
}

/**
 * A time typed in a form or URL as an ISO instant. Without a zone (what datetime-local inputs
 * send, "2026-01-02T15:04") it is read as UTC, the time the dashboard shows everywhere.
 */
export function normalizeFilterTime(value: string): string | null {
  const trimmed = value.trim();
  const zoneless = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$/.test(trimmed);
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  if (!zoneless && !withZone) return null;
  // Date rolls 2026-02-30 over into March; a calendar day that does not exist is a typo.
  const [year, month, day] = trimmed.slice(0, 10).split("-").map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const date = new Date(zoneless ? (trimmed.length === 10 ? `${trimmed}T00:00:00Z` : `${trimmed}Z`) : trimmed);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function firstValue(params: ParamSource, key: string): string | undefined {
  const raw = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The filter parameters as typed (trimmed, empty ones left out), valid or not: what a form shows again. */
export function rawEventFilterValues(params: ParamSource): Partial<Record<EventFilterKey, string>> {
  const values: Partial<Record<EventFilterKey, string>> = {};
  for (const key of EVENT_FILTER_KEYS) {
    const value = firstValue(params, key);
    if (value !== undefined) values[key] = value;
  }
  return values;
}

/**
 * The filter in a URL's (or API request's) query parameters. Empty parameters are no filter; each
 * invalid one is reported with its label and left out, so the caller can show every problem at once.
 */
export function parseEventFilterParams(params: ParamSource): { filter: EventFilter; errors: EventFilterError[] } {
  const raw = rawEventFilterValues(params);
  const parsed = EventFilter.safeParse(raw);
  const errors: EventFilterError[] = [];
  let filter: EventFilter;
  if (parsed.success) filter = parsed.data;
  else {
    const valid = { ...raw };
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as EventFilterKey;
      delete valid[key];
      const position = issue.code === "custom" ? (issue.params as { position?: unknown } | undefined)?.position : undefined;
      errors.push({ key, message: issue.message, ...(typeof position === "number" ? { position } : {}) });
    }
    // What remains is valid by construction.
    filter = EventFilter.parse(valid);
  }
  if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to)) {
    errors.push({ key: "to", message: "must be later than From" });
    filter = { ...filter, to: undefined };
  }
  errors.sort((a, b) => EVENT_FILTER_KEYS.indexOf(a.key) - EVENT_FILTER_KEYS.indexOf(b.key));
  return { filter: stripUndefined(filter), errors };
}

function stripUndefined(filter: EventFilter): EventFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** The filter as query parameters, in a stable order (for links that keep it). */
export function eventFilterParams(filter: EventFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of EVENT_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) params.set(key, value);
  }
  return params;
}

export function isEmptyEventFilter(filter: EventFilter): boolean {
  return EVENT_FILTER_KEYS.every((key) => filter[key] === undefined);
}

/** The received_at bounds the filter means at `now`: the later of `from` and the quick range's start. */
export function eventTimeBounds(filter: EventFilter, now: Date): { from: Date | null; to: Date | null } {
  const starts = [
    filter.from ? Date.parse(filter.from) : null,
    filter.range ? now.getTime() - EVENT_TIME_RANGES[filter.range].ms : null,
  ].filter((value): value is number => value !== null);
  return { from: starts.length > 0 ? new Date(Math.max(...starts)) : null, to: filter.to ? new Date(filter.to) : null };
}

/**
 * The same events as `filter` at `now`, fixed in time: a quick range becomes its start, and the end
 * is now at the latest, so a bulk replay neither drifts nor picks up events that arrive while it runs.
 */
export function pinEventFilter(filter: EventFilter, now: Date): EventFilter {
  const { from, to } = eventTimeBounds(filter, now);
  const end = to && to.getTime() < now.getTime() ? to : now;
  return stripUndefined({ ...filter, range: undefined, from: from?.toISOString(), to: end.toISOString() });
}
