// Creates a token that can read and acknowledge one inbox only. The plaintext is returned once.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { displayPrefix, hashApiToken } from "@/lib/api-tokens/token";
import { db } from "@/lib/db";
import { InboxNotFoundError } from "@/lib/inboxes/errors";
import { generateInboxToken } from "@/lib/inboxes/inbox-token";
import { InboxTokenCreateInput, type InboxTokenView } from "@/lib/inboxes/schema";
import { toInboxTokenView } from "@/lib/inboxes/to-inbox-token-view";
import { isUuid } from "@/lib/ids";

export async function createInboxToken({ inboxId, input, actor }: { inboxId: string; input: { name: string }; actor: Actor }): Promise<{ token: InboxTokenView; plaintext: string }> {
  const { name } = InboxTokenCreateInput.parse(input);
  if (!isUuid(inboxId)) throw new InboxNotFoundError();
  const plaintext = generateInboxToken();
  const row = await db().$transaction(async (tx) => {
    const inbox = await tx.destination.findFirst({ where: { id: inboxId, kind: "inbox" }, select: { id: true, name: true } });
    if (!inbox) throw new InboxNotFoundError();
    const created = await tx.inboxToken.create({ data: { destinationId: inbox.id, name, tokenHash: hashApiToken(plaintext), prefix: displayPrefix(plaintext) } });
    await recordAudit(tx, { actor, action: "inbox_token.created", target: { type: "destination", id: inbox.id, name: inbox.name }, details: { token: name } });
    return created;
  });
  return { token: toInboxTokenView(row), plaintext };
}
