// An event as /api/v1/events lists it (and its OpenAPI description).
import { z } from "zod";
import type { EventListItem } from "@/lib/events/list-events";

export const EventListItemView = z
  .object({
    id: z.uuid(),
    sourceId: z.uuid(),
    sourceName: z.string(),
    receivedAt: z.iso.datetime(),
    method: z.string(),
    contentType: z.string().nullable(),
    eventType: z.string().nullable().describe("The provider's event type, when the source's scheme names one."),
    summary: z
      .string()
      .nullable()
      .describe("The event's name, from its source's summary template (e.g. `#35436 Refund for order 1001 · high`); null when the template is empty or nothing in the event filled it."),
    status: z
      .enum(["received", "routed", "unmatched", "ignored", "failed"])
      .describe("The latest routing run's outcome; received until routed."),
    tags: z.array(z.string()).describe("Set by the latest routing run."),
    duplicateCount: z
      .number()
      .int()
      .describe("Later requests with the same delivery id, recognised as duplicates and not stored."),
    sizeBytes: z.number().int(),
  })
  .describe("An event, without its body (GET the event in the dashboard for that).");
export type EventListItemView = z.infer<typeof EventListItemView>;

export function toEventListItemView(event: EventListItem): EventListItemView {
  return {
    id: event.id,
    sourceId: event.sourceId,
    sourceName: event.sourceName,
    receivedAt: event.receivedAt.toISOString(),
    method: event.method,
    contentType: event.contentType,
    eventType: event.eventType,
    summary: event.summary,
    status: event.status,
    tags: event.tags,
    duplicateCount: event.duplicateCount,
    sizeBytes: event.sizeBytes,
  };
}
