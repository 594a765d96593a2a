// What both builder pages need: the field catalogue from recent events, recent events for the test
// panel, destinations for the forward action, and routing keys other rules set.
import type { DestinationOption } from "@/components/rules/actions-editor";
import { buildFieldCatalogue, routingKeysOf, type FieldOption } from "@/components/rules/rule-model";
import { listDestinations } from "@/lib/destinations/list-destinations";
import { listRules } from "@/lib/rules/list-rules";
import { listSourceFields } from "@/lib/rules/list-source-fields";
import { listEventChoices, type EventChoice } from "@/lib/events/list-event-choices";
import type { RuleView } from "@/lib/rules/rule-view";

export async function loadBuilderData(sourceId: string): Promise<{ catalogue: FieldOption[]; events: EventChoice[]; destinations: DestinationOption[]; rules: RuleView[] }> {
  const [fields, events, destinations, rules] = await Promise.all([
    listSourceFields({ sourceId }).then((fields) => fields ?? []),
    listEventChoices({ sourceId }),
    listDestinations(),
    listRules({ sourceId }).then((rules) => rules ?? []),
  ]);
  return {
    catalogue: buildFieldCatalogue(fields, routingKeysOf(rules)),
    events,
    destinations: destinations.map((destination) => ({ id: destination.id, name: destination.name, url: destination.url, paused: destination.state === "paused" })),
    rules,
  };
}
