// Pauses a destination: its deliveries stay pending (attempts that come due do nothing) until it is
// resumed. Also what the engine does when an endpoint answers 410 Gone.
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";
import { PauseDestinationInput, type DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export async function pauseDestination({ id, input = {} }: { id: string; input?: PauseDestinationInput }): Promise<DestinationView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const { reason } = PauseDestinationInput.parse(input);
  // An already paused destination keeps its original reason and time.
  await db().destination.updateMany({ where: { id, state: "active" }, data: { state: "paused", pausedReason: reason, pausedAt: new Date() } });
  const destination = await db().destination.findUnique({ where: { id }, include: { secrets: true } });
  return destination ? toDestinationView(destination) : null;
}
