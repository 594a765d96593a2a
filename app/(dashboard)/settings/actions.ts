"use server";
// Server actions for settings: the signed-in user's API tokens.
import { revalidatePath } from "next/cache";
import type { CreateApiTokenState } from "@/lib/api-tokens/action-results";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { readApiTokenForm } from "@/lib/api-tokens/read-api-token-form";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { formText } from "@/lib/forms/form-text";

// The Create API token form.
export async function createApiTokenAction(_previous: CreateApiTokenState, form: FormData): Promise<CreateApiTokenState> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "token.manage" });
  if (refused) return { error: refused.message, name: formText(form, "name") };
  const read = readApiTokenForm({ form });
  if (!read.ok) return { error: read.fieldErrors.name ?? "Invalid input", name: formText(form, "name") };
  const { token, view } = await createApiToken({ userId: user.id, name: read.input.name, actor: actorOf(user) });
  revalidatePath("/settings");
  // The only time the plaintext leaves the server.
  return { created: { name: view.name, token } };
}

// Revoke one of the user's tokens.
export async function revokeApiTokenAction(form: FormData): Promise<void> {
  const user = await requireUser();
  // The page offers no Revoke button below admin; a forged post changes nothing.
  if (await permissionRefusal({ actor: actorOf(user), permission: "token.manage" })) return;
  const id = form.get("id");
  if (typeof id === "string") await revokeApiToken({ id, userId: user.id, actor: actorOf(user) });
  revalidatePath("/settings");
}
