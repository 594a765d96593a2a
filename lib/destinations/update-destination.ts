// Changes a destination's settings. They apply from the next attempt on: attempts read the
// destination afresh, so a new URL, timeout, schedule or limit needs nothing re-enqueued. A URL
// (or a private-network switch) the outbound policy would refuse is not saved.
import type { Actor } from "@/lib/audit/actor";
import { changedFields } from "@/lib/audit/changed-fields";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { DestinationUpdateInput, type DestinationView } from "@/lib/destinations/schema";
import { refuseUnreachableUrl } from "@/lib/destinations/refuse-unreachable-url";
import { openHeaders, sealHeaders } from "@/lib/destinations/sealed-headers";
import { UUID_PATTERN } from "@/lib/ids";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export async function updateDestination({ id, input, actor }: { id: string; input: DestinationUpdateInput; actor: Actor }): Promise<DestinationView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const changes = DestinationUpdateInput.parse(input);
  if (changes.url !== undefined || changes.allowPrivateNetwork !== undefined) {
    // Outside the transaction: a DNS lookup must not hold it. Throws DestinationUrlRefusedError.
    const before = await db().destination.findUnique({ where: { id }, select: { url: true, allowPrivateNetwork: true } });
    if (!before) return null;
    await refuseUnreachableUrl({ url: changes.url ?? before.url, allowPrivateNetwork: changes.allowPrivateNetwork ?? before.allowPrivateNetwork });
  }
  return db().$transaction(async (tx) => {
    const current = await tx.destination.findUnique({ where: { id } });
    if (!current) return null;
    // updateMany: a destination deleted meanwhile is not found (null), not an error.
    const { count } = await tx.destination.updateMany({
      where: { id },
      data: { ...changes, ...(changes.headers ? { headers: sealHeaders(changes.headers) } : {}) },
    });
    const destination = count === 1 ? await tx.destination.findUnique({ where: { id }, include: { secrets: true } }) : null;
    if (!destination) return null;
    // Field names only: header values may be credentials.
    const fields = changedFields({ ...current, headers: openHeaders(current.headers) }, changes);
    if (fields.length > 0) {
      await recordAudit(tx, { actor, action: "destination.updated", target: { type: "destination", id, name: destination.name }, details: { fields } });
    }
    return toDestinationView(destination);
  });
}
