import { db } from "@/lib/db";
import type { DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getDestination({ id }: { id: string }): Promise<DestinationView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const destination = await db().destination.findUnique({ where: { id }, include: { secrets: true } });
  return destination ? toDestinationView(destination) : null;
}
