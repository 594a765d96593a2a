// Rotates a destination's signing secret: requests are signed with the new one from now on, and
// with the ones active until now as well for the overlap (default 24 h), so the receiver can switch
// to the new secret at its own pace without rejecting anything. The new secret is returned once.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { generateDestinationSecret } from "@/lib/destinations/create-destination";
import { UUID_PATTERN } from "@/lib/ids";
import { RotateDestinationSecretInput } from "@/lib/destinations/schema";

export async function rotateDestinationSecret({
  id,
  input = {},
  actor,
}: {
  id: string;
  input?: RotateDestinationSecretInput;
  actor: Actor;
}): Promise<{ secretId: string; secret: string; previousSecretsExpireAt: string | null } | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const { secret: given, overlapHours } = RotateDestinationSecretInput.parse(input);
  return db().$transaction(async (tx) => {
    const destination = await tx.destination.findUnique({ where: { id }, select: { name: true } });
    if (!destination) return null;
    const secret = given ?? generateDestinationSecret();
    const retireAt = new Date(Date.now() + overlapHours * 3600 * 1000);
    // Secrets that would outlive the overlap end with it; ones retiring sooner keep their expiry.
    await tx.destinationSecret.updateMany({
      where: { destinationId: id, OR: [{ expiresAt: null }, { expiresAt: { gt: retireAt } }] },
      data: { expiresAt: retireAt },
    });
    // The latest time a secret from before still signs (all of them now retire by retireAt).
    const previous = await tx.destinationSecret.aggregate({ where: { destinationId: id, expiresAt: { gt: new Date() } }, _max: { expiresAt: true } });
    const created = await tx.destinationSecret.create({ data: { destinationId: id, encrypted: encryptSecret(secret), hint: maskSecret(secret) } });
    await recordAudit(tx, {
      actor,
      action: "destination_secret.rotated",
      target: { type: "destination", id, name: destination.name },
      details: { secretId: created.id, hint: created.hint, generated: given === undefined, overlapHours },
    });
    return { secretId: created.id, secret, previousSecretsExpireAt: previous._max.expiresAt?.toISOString() ?? null };
  });
}
