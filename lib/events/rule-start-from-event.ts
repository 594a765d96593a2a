// "Create a rule from this event": the conditions a new rule starts with (lib/events/
// conditions-from-event.ts) and the event as the builder's test-panel choice. Null when there is no
// such event in this source.
import { conditionsFromEvent } from "@/lib/events/conditions-from-event";
import { getEvent } from "@/lib/events/get-event";
import type { EventChoice } from "@/lib/events/list-event-choices";
import type { ConditionGroup } from "@/lib/rules/schema";

export async function ruleStartFromEvent({ eventId, sourceId }: { eventId: string; sourceId: string }): Promise<{ conditions: ConditionGroup; choice: EventChoice } | null> {
  const event = await getEvent({ id: eventId });
  if (!event || event.source.id !== sourceId) return null;
  return {
    conditions: conditionsFromEvent({ eventType: event.eventType, body: event.payload, headers: event.headers, summaryTemplate: event.source.summaryTemplate }),
    choice: { id: event.id, receivedAt: event.receivedAt.toISOString(), type: event.eventType, method: event.method, summary: event.summary },
  };
}
