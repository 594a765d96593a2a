// Returns one secret in plain text, for an operator who deliberately asks to see it. The audit row
// is written first: a secret is never shown without a record that it was.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { UUID_PATTERN } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("sources");

export async function revealSourceSecret({ sourceId, secretId, actor }: { sourceId: string; secretId: string; actor: Actor }): Promise<string | null> {
  if (!UUID_PATTERN.test(sourceId) || !UUID_PATTERN.test(secretId)) return null;
  const row = await db().sourceSecret.findFirst({ where: { id: secretId, sourceId }, include: { source: { select: { name: true } } } });
  if (!row) return null;
  await recordAudit(db(), {
    actor,
    action: "source_secret.revealed",
    target: { type: "source", id: sourceId, name: row.source.name },
    details: { secretId, hint: row.hint },
  });
  log.info("secret revealed", { sourceId, secretId, userId: actor.id });
  return decryptSecret(row.encrypted);
}
