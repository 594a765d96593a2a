"use server";
// The accept page's form: create the account from the invitation, then on to sign-in.
import { redirect } from "next/navigation";
import { acceptInvite } from "@/lib/users/accept-invite";
import type { AcceptInviteState } from "@/lib/users/action-results";
import { readAcceptInviteForm } from "@/lib/users/read-user-forms";
import { formFailure } from "@/lib/forms/form-result";
import { UserManagementError } from "@/lib/users/user-management-error";

export async function acceptInviteAction(token: string, _previous: AcceptInviteState, form: FormData): Promise<AcceptInviteState> {
  const read = readAcceptInviteForm({ form });
  if (!read.ok) return read;
  let email: string;
  try {
    email = (await acceptInvite({ token, input: read.input })).email;
  } catch (error) {
    if (error instanceof UserManagementError) return formFailure<"name" | "password">({}, error.message);
    throw error;
  }
  redirect(`/login?joined=1&email=${encodeURIComponent(email)}`);
}
