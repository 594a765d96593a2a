// Revokes an inbox token at once: its next request is refused. Revoking twice changes nothing.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { InboxTokenNotFoundError } from "@/lib/inboxes/errors";
import type { InboxTokenView } from "@/lib/inboxes/schema";
import { toInboxTokenView } from "@/lib/inboxes/to-inbox-token-view";
import { isUuid } from "@/lib/ids";

export async function revokeInboxToken({ inboxId, tokenId, actor }: { inboxId: string; tokenId: string; actor: Actor }): Promise<InboxTokenView> {
  if (!isUuid(inboxId) || !isUuid(tokenId)) throw new InboxTokenNotFoundError();
  return db().$transaction(async (tx) => {
    const token = await tx.inboxToken.findFirst({ where: { id: tokenId, destinationId: inboxId }, include: { destination: { select: { name: true } } } });
    if (!token) throw new InboxTokenNotFoundError();
    if (token.revokedAt) return toInboxTokenView(token);
    const revoked = await tx.inboxToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor, action: "inbox_token.revoked", target: { type: "destination", id: inboxId, name: token.destination.name }, details: { token: token.name } });
    return toInboxTokenView(revoked);
  });
}
