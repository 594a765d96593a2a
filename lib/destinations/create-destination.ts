// Creates a destination and its first signing secret (whsec_…, the Standard Webhooks form). The
// plaintext secret is returned once, here: receivers need it to verify our signatures.
import { db } from "@/lib/db";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { DestinationCreateInput, type DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";

export function generateDestinationSecret(): string {
  return standardWebhooks.generateSecret();
}

export async function createDestination(input: DestinationCreateInput): Promise<{ destination: DestinationView; secret: string }> {
  const settings = DestinationCreateInput.parse(input);
  const secret = generateDestinationSecret();
  const destination = await db().destination.create({
    data: { ...settings, secrets: { create: { encrypted: encryptSecret(secret), hint: maskSecret(secret) } } },
    include: { secrets: true },
  });
  return { destination: toDestinationView(destination), secret };
}
