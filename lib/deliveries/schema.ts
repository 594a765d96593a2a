// Deliveries as /api/v1 shows them (and its OpenAPI document describes them).
import { z } from "zod";
import { DELIVERY_STATUSES } from "@/lib/deliveries/delivery-filter";
import type { DeliveryDetail } from "@/lib/deliveries/get-delivery";
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
    attemptInProgress: z
      .boolean()
      .describe("A worker is attempting it right now, its request possibly out; `attempts` and the outcome fields count the attempt once it is recorded."),
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

export const DeliveryAttemptSummaryView = z
  .object({
    number: z.number().int().describe("1 for the first attempt; a retry's attempt is the next number."),
    startedAt: z.iso.datetime(),
    durationMs: z.number().int(),
    responseStatus: z.number().int().nullable().describe("The HTTP status the endpoint answered; null when it did not answer."),
    errorClass: z
      .string()
      .nullable()
      .describe("Why it failed: http_status, timeout, dns, connection_refused, connection_reset, tls, blocked_address, network, …; null when it succeeded."),
    errorMessage: z.string().nullable().describe("What went wrong, in words."),
  })
  .describe("One attempt's outcome.");

export const DeliveryView = DeliveryListItemView.extend({
  lastAttempt: DeliveryAttemptSummaryView.nullable().describe("The latest attempt; null before the first."),
}).describe("A delivery with its latest outcome and its latest attempt.");
export type DeliveryView = z.infer<typeof DeliveryView>;

export function toDeliveryView(detail: DeliveryDetail): DeliveryView {
  const { lastAttempt, ...item } = detail;
  return { ...toDeliveryListItemView(item), lastAttempt: lastAttempt ? { ...lastAttempt, startedAt: lastAttempt.startedAt.toISOString() } : null };
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
