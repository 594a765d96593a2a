// Changes a destination's settings. They apply from the next attempt on: attempts read the
// destination afresh, so a new URL, timeout, schedule or limit needs nothing re-enqueued.
import { db } from "@/lib/db";
import { DestinationUpdateInput, type DestinationView } from "@/lib/destinations/schema";
import { UUID_PATTERN } from "@/lib/ids";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export async function updateDestination({ id, input }: { id: string; input: DestinationUpdateInput }): Promise<DestinationView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const changes = DestinationUpdateInput.parse(input);
  const { count } = await db().destination.updateMany({ where: { id }, data: changes });
  if (count === 0) return null;
  const destination = await db().destination.findUnique({ where: { id }, include: { secrets: true } });
  return destination ? toDestinationView(destination) : null;
}
