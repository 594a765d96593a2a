// Creates a destination and its first signing secret (whsec_…, the Standard Webhooks form). The
// plaintext secret is returned once, here: receivers need it to verify our signatures. A URL the
// outbound policy refuses is not saved (refuse-unreachable-url.ts).
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { refuseUnreachableUrl } from "@/lib/destinations/refuse-unreachable-url";
import { DestinationCreateInput, type DestinationView } from "@/lib/destinations/schema";
import { sealHeaders } from "@/lib/destinations/sealed-headers";
import { toDestinationView } from "@/lib/destinations/to-destination-view";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";

export function generateDestinationSecret(): string {
  return standardWebhooks.generateSecret();
}

export async function createDestination({ input, actor }: { input: DestinationCreateInput; actor: Actor }): Promise<{ destination: DestinationView; secret: string }> {
  const settings = DestinationCreateInput.parse(input);
  // Throws DestinationUrlRefusedError for a URL the address policy refuses: nothing is created.
  await refuseUnreachableUrl({ url: settings.url, allowPrivateNetwork: settings.allowPrivateNetwork });
  const secret = generateDestinationSecret();
  const destination = await db().$transaction(async (tx) => {
    const created = await tx.destination.create({
      data: { ...settings, headers: sealHeaders(settings.headers), secrets: { create: { encrypted: encryptSecret(secret), hint: maskSecret(secret) } } },
      include: { secrets: true },
    });
    await recordAudit(tx, { actor, action: "destination.created", target: { type: "destination", id: created.id, name: created.name } });
    return created;
  });
  return { destination: toDestinationView(destination), secret };
}
