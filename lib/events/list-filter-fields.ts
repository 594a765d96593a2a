// The fields the events filter's picker offers: those seen in one source's recent events, or with
// no source chosen in the recent events of every source (with their types and sample values).
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { collectFields, type CollectedField } from "@/lib/rules/collect-fields";
import { listSourceFields } from "@/lib/rules/list-source-fields";

const RECENT_EVENTS = 200;

export async function listFilterFields({ sourceId }: { sourceId?: string | null }): Promise<CollectedField[]> {
  if (sourceId) return isUuid(sourceId) ? ((await listSourceFields({ sourceId })) ?? []) : [];
  const events = await db().event.findMany({
    orderBy: { receivedAt: "desc" },
    take: RECENT_EVENTS,
    select: { payload: true, headers: true, eventType: true, method: true },
  });
  return collectFields(events.map((event) => ({ body: event.payload, headers: event.headers, type: event.eventType, method: event.method })));
}
