// Changes a destination's settings. They apply from the next attempt on: attempts read the
// destination afresh, so a new URL, timeout, schedule or limit needs nothing re-enqueued. A URL
// (or a private-network switch) the outbound policy would refuse is not saved.
import { requirePermission } from "@/lib/access/permissions";
import type { Actor } from "@/lib/audit/actor";
import { describeChanges } from "@/lib/audit/changed-fields";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { DestinationUpdateInput, type DestinationView } from "@/lib/destinations/schema";
import { refuseUnreachableUrl } from "@/lib/destinations/refuse-unreachable-url";
import { keepHiddenValues, openHeaders, sealHeaders } from "@/lib/destinations/sealed-headers";
import { UUID_PATTERN } from "@/lib/ids";
import { toDestinationView } from "@/lib/destinations/to-destination-view";

export async function updateDestination({ id, input, actor }: { id: string; input: DestinationUpdateInput; actor: Actor }): Promise<DestinationView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const changes = DestinationUpdateInput.parse(input);
  if (changes.url !== undefined || changes.allowPrivateNetwork !== undefined) {
    // Outside the transaction: a DNS lookup must not hold it. Throws DestinationUrlRefusedError.
    const stored = await db().destination.findUnique({ where: { id }, select: { url: true, allowPrivateNetwork: true } });
    if (!stored) return null;
    await refuseUnreachableUrl({ url: changes.url ?? stored.url, allowPrivateNetwork: changes.allowPrivateNetwork ?? stored.allowPrivateNetwork });
  }
  return db().$transaction(async (tx) => {
    const before = await tx.destination.findUnique({ where: { id } });
    if (!before) return null;
    const storedHeaders = openHeaders(before.headers);
    const headers = changes.headers ? keepHiddenValues(changes.headers, storedHeaders) : undefined;
    // An administrator's decision: opening private networks, and pointing an open destination elsewhere.
    const allowsPrivate = changes.allowPrivateNetwork ?? before.allowPrivateNetwork;
    const opening = allowsPrivate && !before.allowPrivateNetwork;
    const retargeting = allowsPrivate && before.allowPrivateNetwork && changes.url !== undefined && changes.url !== before.url;
    if (opening || retargeting) await requirePermission({ actor, permission: "destination.allow_private_network" });
    // updateMany: a destination deleted meanwhile is not found (null), not an error.
    const { count } = await tx.destination.updateMany({
      where: { id },
      data: { ...changes, ...(headers ? { headers: sealHeaders(headers) } : {}) },
    });
    const destination = count === 1 ? await tx.destination.findUnique({ where: { id }, include: { secrets: true } }) : null;
    if (!destination) return null;
    const target = { type: "destination", id, name: destination.name } as const;
    // Header names only: their values may be credentials.
    const described = describeChanges({ ...before, headers: storedHeaders }, { ...changes, ...(headers ? { headers } : {}) }, { namesOnly: ["headers"] });
    if (described.fields.length > 0) await recordAudit(tx, { actor, action: "destination.updated", target, details: described });
    if (opening || retargeting) await recordAudit(tx, { actor, action: "destination.private_network_allowed", target, details: { url: destination.url } });
    if (before.allowPrivateNetwork && !allowsPrivate) await recordAudit(tx, { actor, action: "destination.private_network_disallowed", target });
    return toDestinationView(destination);
  });
}
