// What both builder pages need: the field catalogue from recent events, recent events for the test
// panel, destinations for the forward action, and routing keys other rules set.
import type { DestinationOption } from "@/components/rules/actions-editor";
import { buildFieldCatalogue, routingKeysOf, type FieldOption } from "@/components/rules/rule-model";
import type { RecentEvent } from "@/components/rules/test-panel";
import { listDestinations } from "@/lib/destinations/list-destinations";
import { listEvents } from "@/lib/events/list-events";
import { listRules } from "@/lib/rules/list-rules";
import { listSourceFields } from "@/lib/rules/list-source-fields";
import type { RuleView } from "@/lib/rules/rule-view";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 23, 12:48:13 UTC": rendered on the server, so independent of the viewer's clock. */
function formatTime(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.toISOString().slice(11, 19)} UTC`;
}

export async function loadBuilderData(sourceId: string): Promise<{ catalogue: FieldOption[]; events: RecentEvent[]; destinations: DestinationOption[]; rules: RuleView[] }> {
  const [fields, { events }, destinations, rules] = await Promise.all([
    listSourceFields({ sourceId }).then((fields) => fields ?? []),
    listEvents({ sourceId, limit: 25 }),
    listDestinations(),
    listRules({ sourceId }).then((rules) => rules ?? []),
  ]);
  return {
    catalogue: buildFieldCatalogue(fields, routingKeysOf(rules)),
    events: events.map((event) => ({ id: event.id, time: formatTime(event.receivedAt), type: event.eventType, method: event.method })),
    destinations: destinations.map((destination) => ({ id: destination.id, name: destination.name, url: destination.url, paused: destination.state === "paused" })),
    rules,
  };
}
