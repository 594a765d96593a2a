import type { InboxToken } from "@/lib/generated/prisma/client";
import type { InboxTokenView } from "@/lib/inboxes/schema";

export function toInboxTokenView(row: InboxToken): InboxTokenView {
  return {
    id: row.id,
    inboxId: row.destinationId,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
