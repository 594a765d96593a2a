// What the inbox server actions answer (shared by the actions and their forms).
import type { InboxTokenView } from "@/lib/inboxes/schema";

export type CreateInboxResult = { ok: true; id: string; secret: string } | { ok: false; message: string };
export type CreateInboxTokenResult = { ok: true; token: InboxTokenView; plaintext: string } | { ok: false; message: string };
export type RevokeInboxTokenResult = { ok: true } | { ok: false; message: string };
