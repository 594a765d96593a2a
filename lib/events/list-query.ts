// GET /api/v1/events' query parameters, as the OpenAPI document declares them and apiRoute checks
// them (an unknown one is a 400 that names it). The filter's own keys come from the events filter
// (lib/events/event-filter.ts: a filter added there is a parameter here), parsed by the route with
// the page's parser; paging is `limit` and `cursor` (`before`, its former name, still works).
import { z } from "zod";
import { EVENT_FILTER_KEYS, EVENT_FILTER_LABELS } from "@/lib/events/event-filter";
import { MAX_EVENT_PAGE } from "@/lib/events/list-events";

const FILTER_HELP: Partial<Record<string, string>> = {
  search: "Text in the event's summary, any case.",
  source: "A source id.",
  status: "received, routed, unmatched, ignored, failed, or duplicate (seen more than once).",
  type: "The event type, exact.",
  tag: "A tag, exact.",
  routing: "A routing field, `team=billing`.",
  from: "Received at or after (ISO 8601; UTC without a zone).",
  to: "Received before (ISO 8601; UTC without a zone).",
  range: "1h, 24h, 7d or 30d before now.",
  where: "Conditions in the rule builder's text form, evaluated as a routing rule would: `body.ticket.priority in (\"high\", \"urgent\") and tags contains \"vip\"`.",
};

const filterParams = Object.fromEntries(
  EVENT_FILTER_KEYS.map((key) => [key, z.string().optional().describe(FILTER_HELP[key] ?? `${EVENT_FILTER_LABELS[key]}.`)]),
) as Record<(typeof EVENT_FILTER_KEYS)[number], z.ZodOptional<z.ZodString>>;

export const EventListQuery = z.strictObject({
  ...filterParams,
  limit: z.string().optional().describe(`Events per page, 1–${MAX_EVENT_PAGE} (default 50).`),
  cursor: z.string().optional().describe("The `nextCursor` of the previous page."),
  before: z.string().optional().meta({ deprecated: true }).describe("The former name of `cursor`, still accepted."),
  q: z
    .string()
    .optional()
    .meta({ deprecated: true })
    .describe("Retired (the former payload query): answered with 400 `payload_query_retired`, whose message gives the same filter as `where=…`. Use `where`."),
});
