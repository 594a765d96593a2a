// Revokes one of a user's API tokens; it is refused from then on. True when it was active until now.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";

export async function revokeApiToken({ id, userId, actor }: { id: string; userId: string; actor: Actor }): Promise<boolean> {
  if (!UUID_PATTERN.test(id)) return false;
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) return false;
    const token = await tx.apiToken.findUniqueOrThrow({ where: { id }, select: { name: true, prefix: true } });
    await recordAudit(tx, { actor, action: "api_token.revoked", target: { type: "api_token", id, name: token.name }, details: { prefix: token.prefix } });
    return true;
  });
}
