"use server";
// Server action: creates the first admin. Public only while no user exists (enforced in lib).
import type { SetupResult } from "@/lib/auth/action-results";
import { readSetupForm } from "@/lib/auth/read-setup-form";
import { formFailure } from "@/lib/forms/form-result";
import { createFirstAdmin, SetupAlreadyDoneError } from "@/lib/users/create-first-admin";

// The first-run setup form.
export async function createAdminAction(form: FormData): Promise<SetupResult> {
  const read = readSetupForm({ form });
  if (!read.ok) return read;
  try {
    await createFirstAdmin(read.input);
    return { ok: true };
  } catch (error) {
    if (error instanceof SetupAlreadyDoneError) return formFailure({}, error.message);
    throw error;
  }
}
