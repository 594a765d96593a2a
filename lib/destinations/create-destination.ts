// Creates a destination and its first signing secret (whsec_…, the Standard Webhooks form). The
// plaintext secret is returned once, here: receivers need it to verify our signatures. A URL the
// outbound policy refuses is not saved (refuse-unreachable-url.ts).
import { requirePermission } from "@/lib/access/permissions";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { refuseUnreachableUrl } from "@/lib/destinations/refuse-unreachable-url";
import { DestinationCreateInput, type DestinationView } from "@/lib/destinations/schema";
import { keepHiddenValues, sealHeaders } from "@/lib/destinations/sealed-headers";
import { toDestinationView } from "@/lib/destinations/to-destination-view";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";

export function generateDestinationSecret(): string {
  return standardWebhooks.generateSecret();
}

export async function createDestination({ input, actor }: { input: DestinationCreateInput; actor: Actor }): Promise<{ destination: DestinationView; secret: string }> {
  const settings = DestinationCreateInput.parse(input);
  // A hidden value has nothing to keep on a new destination (HiddenHeaderError).
  const headers = keepHiddenValues(settings.headers, {});
  // Reaching private networks is an administrator's decision, recorded as its own audit entry.
  if (settings.allowPrivateNetwork) await requirePermission({ actor, permission: "destination.allow_private_network" });
  // Throws DestinationUrlRefusedError for a URL the address policy refuses: nothing is created.
  await refuseUnreachableUrl({ url: settings.url, allowPrivateNetwork: settings.allowPrivateNetwork });
  const secret = generateDestinationSecret();
  const destination = await db().$transaction(async (tx) => {
    const created = await tx.destination.create({
      data: { ...settings, headers: sealHeaders(headers), secrets: { create: { encrypted: encryptSecret(secret), hint: maskSecret(secret) } } },
      include: { secrets: true },
    });
    const target = { type: "destination", id: created.id, name: created.name } as const;
    await recordAudit(tx, { actor, action: "destination.created", target });
    if (created.allowPrivateNetwork) await recordAudit(tx, { actor, action: "destination.private_network_allowed", target, details: { url: created.url } });
    return created;
  });
  return { destination: toDestinationView(destination), secret };
}
