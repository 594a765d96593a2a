// Deliveries as /api/v1 shows them (and its OpenAPI document describes them).
import { z } from "zod";
import { DELIVERY_STATUSES } from "@/lib/deliveries/delivery-filter";
import type { DeliveryListItem } from "@/lib/deliveries/list-deliveries";

export const DeliveryListItemView = z
  .object({
    id: z.uuid(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().describe("The last attempt's HTTP status; null before the first attempt or when it got no answer."),
    lastError: z.string().nullable().describe("What went wrong in the last attempt, if it failed."),
    lastResponseSnippet: z.string().nullable().describe("The start of the last attempt's response body (up to 200 characters), if it got one."),
    nextAttemptAt: z.iso.datetime().nullable().describe("When the next attempt is due (pending or retrying)."),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    event: z.object({
      id: z.uuid(),
      type: z.string().nullable(),
      summary: z.string().nullable().describe("The event's name, from its source's summary template; null when nothing filled it."),
    }),
    source: z.object({ id: z.uuid(), name: z.string() }),
    destination: z.object({ id: z.uuid(), name: z.string(), state: z.enum(["active", "paused"]) }),
  })
  .describe("A delivery of an event to a destination, with its latest outcome.");
export type DeliveryListItemView = z.infer<typeof DeliveryListItemView>;

export function toDeliveryListItemView(item: DeliveryListItem): DeliveryListItemView {
  return {
    ...item,
    nextAttemptAt: item.nextAttemptAt?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export const DeliveryStateView = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    status: z.enum(DELIVERY_STATUSES),
    nextAttemptAt: z.iso.datetime().nullable(),
  })
  .describe("A delivery's state after a retry or a cancel.");
export type DeliveryStateView = z.infer<typeof DeliveryStateView>;

export const DELIVERY_LIST_QUERY_HELP =
  "Query parameters, all optional and combined with AND: `status` (pending, retrying, succeeded, failed, cancelled), `destination` and `source` (ids), `response` (the last attempt's status: exact like 500, a class like 5xx, or none for attempts without an HTTP answer), `from` and `to` (creation time: an ISO date-time, or a date, UTC; `to` is exclusive, a date alone includes that day), `limit` (1–200, default 50) and `cursor` (the `nextCursor` of the previous page).";
