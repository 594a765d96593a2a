"use server";
// Server action: creates the first admin. Public only while no user exists (enforced in lib).
import { SetupInput } from "@/lib/auth/schema";
import { createFirstAdmin, SetupAlreadyDoneError } from "@/lib/users/create-first-admin";

export type SetupResult =
  | { ok: true }
  | { ok: false; message?: string; fieldErrors: Partial<Record<"name" | "email" | "password", string>> };

export async function createAdminAction(form: FormData): Promise<SetupResult> {
  const input = SetupInput.safeParse({ name: form.get("name") || undefined, email: form.get("email"), password: form.get("password") });
  if (!input.success) {
    const fieldErrors: Partial<Record<"name" | "email" | "password", string>> = {};
    for (const issue of input.error.issues) {
      const field = issue.path[0];
      if ((field === "name" || field === "email" || field === "password") && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
    return { ok: false, fieldErrors };
  }
  try {
    await createFirstAdmin(input.data);
    return { ok: true };
  } catch (error) {
    if (error instanceof SetupAlreadyDoneError) return { ok: false, message: error.message, fieldErrors: {} };
    throw error;
  }
}
