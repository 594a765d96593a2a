"use server";
// Server actions for settings: the signed-in user's API tokens.
import { revalidatePath } from "next/cache";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { ApiTokenCreateInput } from "@/lib/api-tokens/schema";
import { actorOf } from "@/lib/audit/actor";
import { requireUser } from "@/lib/auth/session";

export type CreateApiTokenState = { error?: string; name?: string; created?: { name: string; token: string } };

export async function createApiTokenAction(_previous: CreateApiTokenState, form: FormData): Promise<CreateApiTokenState> {
  const user = await requireUser();
  const name = form.get("name");
  const input = ApiTokenCreateInput.safeParse({ name });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Invalid input", name: typeof name === "string" ? name : "" };
  const { token, view } = await createApiToken({ userId: user.id, name: input.data.name, actor: actorOf(user) });
  revalidatePath("/settings");
  // The only time the plaintext leaves the server.
  return { created: { name: view.name, token } };
}

export async function revokeApiTokenAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = form.get("id");
  if (typeof id === "string") await revokeApiToken({ id, userId: user.id, actor: actorOf(user) });
  revalidatePath("/settings");
}
