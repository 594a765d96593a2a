// Which deliveries a list, an API call or a bulk retry is about. One shape everywhere: the URL of
// /deliveries and the query of GET /api/v1/deliveries use these very names, and a bulk operation
// stores the parsed filter as its JSON.
import { z } from "zod";
import type { ValidationIssue } from "@/lib/http/validation-issue";

export const DELIVERY_STATUSES = ["pending", "retrying", "succeeded", "failed", "cancelled"] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];

/** An exact status (500), a class (5xx), or "none": attempted but no HTTP answer (network errors). */
const RESPONSE_CODE = /^(?:[1-5]\d\d|[1-5]xx|none)$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// A datetime-local input's value (no zone): read as UTC, the zone every time on the dashboard is in.
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/;
const ZONED_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A point in time as an ISO instant; a date alone is its start (UTC), or for `to`, the end of that day. */
function instant(bound: "from" | "to") {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      let date: Date | null = null;
      if (DATE_ONLY.test(value)) {
        date = new Date(`${value}T00:00:00.000Z`);
        if (bound === "to" && !Number.isNaN(date.getTime())) date = new Date(date.getTime() + 24 * 60 * 60 * 1000);
      } else if (LOCAL_DATETIME.test(value)) date = new Date(`${value}Z`);
      else if (ZONED_DATETIME.test(value)) date = new Date(value);
      if (!date || Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: "custom", message: "Use a date (2026-01-31) or a date and time (2026-01-31T14:00, UTC unless a zone is given)" });
        return z.NEVER;
      }
      return date.toISOString();
    })
    .describe(
      bound === "from"
        ? "Created at or after this time: an ISO date-time, or a date (its start, UTC)."
        : "Created before this time: an ISO date-time, or a date (through the end of that day, UTC).",
    );
}

export const DeliveryFilter = z
  .object({
    status: z.enum(DELIVERY_STATUSES).optional(),
    destination: z.uuid("Not a destination id").optional().describe("The destination's id."),
    source: z.uuid("Not a source id").optional().describe("The id of the source that received the event."),
    response: z
      .string()
      .trim()
      .toLowerCase()
      .regex(RESPONSE_CODE, "Use a status code (500), a class (4xx, 5xx) or none (no response)")
      .optional()
      .describe("The last attempt's response: an exact status (500), a class (4xx, 5xx), or none (attempted, no HTTP answer)."),
    from: instant("from").optional(),
    to: instant("to").optional(),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from < filter.to, { message: "`from` must be before `to`", path: ["to"] })
  .describe("Which deliveries: every field is optional and they combine with AND.");
export type DeliveryFilter = z.output<typeof DeliveryFilter>;

export const DELIVERY_FILTER_KEYS = ["status", "destination", "source", "response", "from", "to"] as const;
export type DeliveryFilterKey = (typeof DELIVERY_FILTER_KEYS)[number];

export const DELIVERY_FILTER_LABELS: Record<DeliveryFilterKey, string> = {
  status: "Status",
  destination: "Destination",
  source: "Source",
  response: "Response",
  from: "From",
  to: "To",
};

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function param(params: Params, key: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(key) : params[key];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === null || text.trim() === "" ? undefined : text;
}

/**
 * The filter in a URL's query (empty values mean "any"). Each invalid parameter is reported and
 * left out, so a page can still show the rest; an API answers 400 when `issues` is not empty.
 */
export function parseDeliveryFilterParams(params: Params): { filter: DeliveryFilter; issues: ValidationIssue[] } {
  const raw: Record<string, string> = {};
  for (const key of DELIVERY_FILTER_KEYS) {
    const value = param(params, key);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = DeliveryFilter.safeParse(raw);
  if (parsed.success) return { filter: parsed.data, issues: [] };
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map((part) => (typeof part === "number" ? part : String(part))), message: issue.message }));
  const bad = new Set(issues.map((issue) => String(issue.path[0] ?? "")));
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  const retried = DeliveryFilter.safeParse(rest);
  return { filter: retried.success ? retried.data : {}, issues };
}

/** The filter as query parameters (for links that keep it). */
export function deliveryFilterParams(filter: DeliveryFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of DELIVERY_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) params.set(key, value);
  }
  return params;
}

export function isEmptyDeliveryFilter(filter: DeliveryFilter): boolean {
  return DELIVERY_FILTER_KEYS.every((key) => filter[key] === undefined);
}
