"use server";
// Server actions of Settings → Users (admin) and the user's own "Sign out everywhere".
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { permissionRefusal } from "@/lib/access/permissions";
import { isRole } from "@/lib/access/roles";
import { actorOf } from "@/lib/audit/actor";
import { requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/forms/form-result";
import type { InviteActionState, UserActionResult } from "@/lib/users/action-results";
import { inviteUser } from "@/lib/users/invite-user";
import { readInviteForm } from "@/lib/users/read-user-forms";
import { removeUser } from "@/lib/users/remove-user";
import { revokeInvite } from "@/lib/users/revoke-invite";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";
import { updateUser } from "@/lib/users/update-user";
import { UserManagementError } from "@/lib/users/user-management-error";

const PAGE = "/settings/users";
const GONE: UserActionResult = { ok: false, message: "This user no longer exists." };

// The Invite form.
export async function inviteUserAction(_previous: InviteActionState, form: FormData): Promise<InviteActionState> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "user.manage" });
  if (refused) return refused;
  const read = readInviteForm({ form });
  if (!read.ok) return read;
  try {
    const created = await inviteUser({ input: read.input, actor: actorOf(user) });
    revalidatePath(PAGE);
    return { ok: true, email: created.invite.email, url: created.url, emailed: created.emailed, emailProblem: created.emailProblem };
  } catch (error) {
    if (error instanceof UserManagementError) return formFailure<"email" | "role">({ email: error.message });
    throw error;
  }
}

/** Runs a change of a user, answering refusals (the last admin) in words. */
async function change(task: () => Promise<{ done: boolean; message: string }>): Promise<UserActionResult> {
  try {
    const { done, message } = await task();
    revalidatePath(PAGE);
    return done ? { ok: true, message } : GONE;
  } catch (error) {
    if (error instanceof UserManagementError) return { ok: false, message: error.message };
    throw error;
  }
}

// The role select of a user's row.
export async function changeRoleAction(id: string, role: string): Promise<UserActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "user.manage" });
  if (refused) return refused;
  if (!isRole(role)) return { ok: false, message: "Choose viewer, operator or admin." };
  return change(async () => ({ done: (await updateUser({ id, input: { role }, actor: actorOf(user) })) !== null, message: "Role changed; their sessions were ended." }));
}

// Disable / Enable on a user's row.
export async function setUserDisabledAction(id: string, disabled: boolean): Promise<UserActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "user.manage" });
  if (refused) return refused;
  return change(async () => ({
    done: (await updateUser({ id, input: { disabled: disabled === true }, actor: actorOf(user) })) !== null,
    message: disabled ? "Disabled: signed out everywhere, API tokens stopped." : "Enabled again.",
  }));
}

// "Unlink single sign-on" on a user's row: their next SSO sign-in binds the account anew.
export async function unlinkSsoAction(id: string): Promise<UserActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "user.manage" });
  if (refused) return refused;
  return change(async () => ({
    done: (await updateUser({ id, input: { ssoLinked: false }, actor: actorOf(user) })) !== null,
    message: "Unlinked: their sessions ended; the next single sign-on with their verified e-mail links it again.",
  }));
}

// Remove on a user's row.
export async function removeUserAction(id: string): Promise<UserActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "user.manage" });
  if (refused) return refused;
  return change(async () => ({ done: (await removeUser({ id, actor: actorOf(user) })) !== null, message: "Removed." }));
}

// Withdraw on an invitation's row.
export async function revokeInviteAction(id: string): Promise<UserActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "user.manage" });
  if (refused) return refused;
  return change(async () => ({ done: (await revokeInvite({ id, actor: actorOf(user) })) !== null, message: "Withdrawn: the link no longer works." }));
}

// "Sign out everywhere" (anyone, for themselves): this browser too.
export async function signOutEverywhereAction(): Promise<void> {
  const user = await requireUser();
  await signOutEverywhere({ userId: user.id, actor: actorOf(user) });
  redirect("/login?error=session_ended");
}
