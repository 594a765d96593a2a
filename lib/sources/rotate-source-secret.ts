// Rotates a source's secret: the new one verifies from now on; the ones active until now keep
// verifying for the overlap (default 24 h) so the provider can be switched without losing events.
// A source waiting for its provider's first secret gets it the same way (nothing to overlap).
// Where the provider generates the secret, one must be given: a generated one could never match.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { RotateSecretInput } from "@/lib/sources/schema";
import { UUID_PATTERN } from "@/lib/ids";
import { findScheme } from "@/lib/signatures/registry";
import { SourceSettingsError } from "@/lib/sources/update-source";
import { sourceChanged } from "@/lib/sources/source-changes";

export async function rotateSourceSecret({ id, input, actor }: { id: string; input: RotateSecretInput; actor: Actor }): Promise<{ secretId: string; secret: string; previousSecretsExpireAt: string | null } | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const { secret: given, overlapHours } = RotateSecretInput.parse(input);
  const rotated = await db().$transaction(async (tx) => {
    const source = await tx.source.findUnique({ where: { id }, select: { scheme: true, name: true } });
    if (!source) return null;
    const scheme = findScheme(source.scheme);
    if (!scheme?.verifies) throw new SourceSettingsError("secret", "This source does not verify requests, so it has no secret. Choose a verification scheme first.");
    if (given === undefined && scheme.secretOrigin === "provider") {
      throw new SourceSettingsError("secret", `${scheme.label} generates the signing secret itself: paste the one it shows.`);
    }
    const secret = given ?? scheme.generateSecret();
    const now = new Date();
    const retireAt = new Date(now.getTime() + overlapHours * 3600 * 1000);
    const { count: overlapping } = await tx.sourceSecret.updateMany({
      where: { sourceId: id, OR: [{ expiresAt: null }, { expiresAt: { gt: retireAt } }] },
      data: { expiresAt: retireAt },
    });
    // The latest time a secret from before still verifies (all of them now retire by retireAt).
    const previous = await tx.sourceSecret.aggregate({ where: { sourceId: id, expiresAt: { gt: now } }, _max: { expiresAt: true } });
    const created = await tx.sourceSecret.create({ data: { sourceId: id, encrypted: encryptSecret(secret), hint: maskSecret(secret) } });
    await recordAudit(tx, {
      actor,
      action: "source_secret.rotated",
      target: { type: "source", id, name: source.name },
      // With no secret before it (a provider's first one pasted), there is no overlap to speak of.
      details: { secretId: created.id, hint: created.hint, generated: given === undefined, ...(overlapping > 0 ? { overlapHours } : { firstSecret: true }) },
    });
    return { secretId: created.id, secret, previousSecretsExpireAt: previous._max.expiresAt?.toISOString() ?? null };
  });
  if (rotated) sourceChanged(id);
  return rotated;
}
