"use server";
// Server actions for sources.
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { createSource } from "@/lib/sources/create-source";
import { SourceCreateInput } from "@/lib/sources/schema";

export type CreateSourceState = { error?: string; name?: string };

export async function createSourceAction(_previous: CreateSourceState, form: FormData): Promise<CreateSourceState> {
  await requireUser();
  const name = form.get("name");
  const input = SourceCreateInput.safeParse({ name });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Invalid input", name: typeof name === "string" ? name : "" };
  const { source } = await createSource(input.data);
  redirect(`/sources/${source.id}?created=1`);
}
