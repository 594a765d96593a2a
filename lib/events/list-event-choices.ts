// Events to pick from (the rule builder's test panel), newest first: a source's latest, or those
// whose summary contains what the operator typed in the picker's search (any age, as the events
// list searches). Each with what a picker shows: its summary, type, method and time.
import { listEvents } from "@/lib/events/list-events";

export interface EventChoice {
  id: string;
  /** ISO time received. */
  receivedAt: string;
  type: string | null;
  method: string;
  summary: string | null;
}

export const EVENT_CHOICES = 50;

export async function listEventChoices({ sourceId, search }: { sourceId: string; search?: string }): Promise<EventChoice[]> {
  const text = search?.trim().slice(0, 200);
  const { events } = await listEvents({ sourceId, filter: text ? { search: text } : {}, limit: EVENT_CHOICES });
  return events.map((event) => ({
    id: event.id,
    receivedAt: event.receivedAt.toISOString(),
    type: event.eventType,
    method: event.method,
    summary: event.summary,
  }));
}
