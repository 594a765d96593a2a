import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";
import type { DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";


export async function getDestination({ id }: { id: string }): Promise<DestinationView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const destination = await db().destination.findUnique({ where: { id }, include: { secrets: true } });
  return destination ? toDestinationView(destination) : null;
}
