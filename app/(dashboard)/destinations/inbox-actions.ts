"use server";
// Server actions for inbox destinations: create one, and create or revoke its tokens. All three are
// an administrator's, like every other destination change (a token is a credential to its messages).
import { revalidatePath } from "next/cache";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import type { CreateInboxResult, CreateInboxTokenResult, RevokeInboxTokenResult } from "@/lib/inboxes/action-results";
import { createInbox } from "@/lib/inboxes/create-inbox";
import { createInboxToken } from "@/lib/inboxes/create-inbox-token";
import { InboxNotFoundError, InboxTokenNotFoundError } from "@/lib/inboxes/errors";
import { readInboxForm } from "@/lib/inboxes/read-inbox-form";
import { revokeInboxToken } from "@/lib/inboxes/revoke-inbox-token";
import { InboxTokenCreateInput } from "@/lib/inboxes/schema";

export async function createInboxAction(form: FormData): Promise<CreateInboxResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (refused) return refused;
  const read = readInboxForm(form);
  if (!read.ok) return read;
  const { inbox, secret } = await createInbox({ input: read.input, actor: actorOf(user) });
  revalidatePath("/destinations");
  return { ok: true, id: inbox.id, secret };
}

export async function createInboxTokenAction(inboxId: string, name: string): Promise<CreateInboxTokenResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (refused) return refused;
  const parsed = InboxTokenCreateInput.safeParse({ name });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Give the token a name" };
  try {
    const { token, plaintext } = await createInboxToken({ inboxId, input: parsed.data, actor: actorOf(user) });
    revalidatePath(`/destinations/${inboxId}`);
    return { ok: true, token, plaintext };
  } catch (error) {
    if (error instanceof InboxNotFoundError) return { ok: false, message: "This inbox no longer exists." };
    throw error;
  }
}

export async function revokeInboxTokenAction(inboxId: string, tokenId: string): Promise<RevokeInboxTokenResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "destination.manage" });
  if (refused) return refused;
  try {
    await revokeInboxToken({ inboxId, tokenId, actor: actorOf(user) });
    revalidatePath(`/destinations/${inboxId}`);
    return { ok: true };
  } catch (error) {
    if (error instanceof InboxTokenNotFoundError) return { ok: false, message: "This token no longer exists." };
    throw error;
  }
}
