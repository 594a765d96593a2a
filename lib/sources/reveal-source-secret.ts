// Returns one secret in plain text, for an operator who deliberately asks to see it.
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { UUID_PATTERN } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("sources");

export async function revealSourceSecret({ sourceId, secretId, userId }: { sourceId: string; secretId: string; userId: string }): Promise<string | null> {
  if (!UUID_PATTERN.test(sourceId) || !UUID_PATTERN.test(secretId)) return null;
  const row = await db().sourceSecret.findFirst({ where: { id: secretId, sourceId } });
  if (!row) return null;
  log.info("secret revealed", { sourceId, secretId, userId });
  return decryptSecret(row.encrypted);
}
