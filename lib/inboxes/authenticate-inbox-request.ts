// Who may consume an inbox: a bearer inbox token of that very inbox, or whoever may use the
// management API (an API token or the dashboard's session). A token of another inbox, a revoked
// or unknown one all answer null: the caller learns nothing about other inboxes.
import { hashApiToken } from "@/lib/api-tokens/token";
import { authenticateApiRequest, type ApiCaller } from "@/lib/auth/api-auth";
import { bearerToken } from "@/lib/auth/bearer-token";
import { db } from "@/lib/db";
import { isInboxToken } from "@/lib/inboxes/inbox-token";
import { isUuid } from "@/lib/ids";

/** lastUsedAt is only as precise as this, so a busy consumer does not cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type InboxConsumer = { kind: "inbox_token"; tokenId: string; tokenName: string } | { kind: "user"; caller: ApiCaller };

export async function authenticateInboxRequest({ request, inboxId }: { request: Request; inboxId: string }): Promise<InboxConsumer | null> {
  const token = bearerToken(request.headers.get("authorization"));
  if (token === null || !isInboxToken(token)) {
    const caller = await authenticateApiRequest(request);
    return caller ? { kind: "user", caller } : null;
  }
  if (!isUuid(inboxId) || token.length > 512) return null;
  // Found by hash (an index lookup on 256 bits of entropy), so no secret is compared byte by byte.
  const row = await db().inboxToken.findUnique({ where: { tokenHash: hashApiToken(token) }, select: { id: true, name: true, destinationId: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt || row.destinationId !== inboxId) return null;
  const now = new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    await db().inboxToken.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: now } });
  }
  return { kind: "inbox_token", tokenId: row.id, tokenName: row.name };
}
