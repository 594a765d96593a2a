// The fields seen in a source's recent events (with types and sample values), for the rule
// builder's field picker; null when there is no such source.
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import { collectFields, type CollectedField } from "@/lib/rules/collect-fields";

const RECENT_EVENTS = 200;

export async function listSourceFields({ sourceId }: { sourceId: string }): Promise<CollectedField[] | null> {
  if (!isUuid(sourceId)) return null;
  const source = await db().source.findUnique({
    where: { id: sourceId },
    select: { events: { orderBy: { receivedAt: "desc" }, take: RECENT_EVENTS, select: { payload: true, headers: true, eventType: true, method: true } } },
  });
  if (!source) return null;
  return collectFields(source.events.map((event) => ({ body: event.payload, headers: event.headers, type: event.eventType, method: event.method })));
}
