// An inbox's tokens, newest first (revoked ones too, marked), never their plaintext.
import { db } from "@/lib/db";
import type { InboxTokenView } from "@/lib/inboxes/schema";
import { toInboxTokenView } from "@/lib/inboxes/to-inbox-token-view";
import { isUuid } from "@/lib/ids";

export async function listInboxTokens({ inboxId }: { inboxId: string }): Promise<InboxTokenView[]> {
  if (!isUuid(inboxId)) return [];
  const rows = await db().inboxToken.findMany({ where: { destinationId: inboxId }, orderBy: { createdAt: "desc" } });
  return rows.map(toInboxTokenView);
}
