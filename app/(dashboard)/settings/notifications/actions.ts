"use server";
// Server actions for notification channels: create, send a test, turn on or off, delete. Admin only
// (lib/auth/may-change-settings.ts).
import { revalidatePath } from "next/cache";
import type { ChannelActionResult, CreateChannelResult } from "@/lib/alerts/action-results";
import { ChannelSettingsError } from "@/lib/alerts/channel-settings-error";
import { createChannel } from "@/lib/alerts/create-channel";
import { deleteChannel } from "@/lib/alerts/delete-channel";
import { readChannelForm, type ChannelFormField } from "@/lib/alerts/read-channel-form";
import { testChannel } from "@/lib/alerts/test-channel";
import { updateChannel } from "@/lib/alerts/update-channel";
import { actorOf } from "@/lib/audit/actor";
import { permissionRefusal } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/forms/form-result";

const PAGE = "/settings/notifications";
const GONE: ChannelActionResult = { ok: false, message: "This channel no longer exists." };

// The New channel form.
export async function createChannelAction(_previous: CreateChannelResult, form: FormData): Promise<CreateChannelResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "settings.manage" });
  if (refused) return refused;
  const read = readChannelForm({ form });
  if (!read.ok) return read;
  try {
    const { channel, signingSecret } = await createChannel({ input: read.input, actor: actorOf(user) });
    revalidatePath(PAGE);
    return { ok: true, name: channel.name, signingSecret };
  } catch (error) {
    if (error instanceof ChannelSettingsError) return formFailure<ChannelFormField>({ url: error.message });
    throw error;
  }
}

// "Send test notification" on a channel's row.
export async function testChannelAction(id: string): Promise<ChannelActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "settings.manage" });
  if (refused) return refused;
  const result = await testChannel({ id });
  revalidatePath(PAGE);
  if (!result) return GONE;
  return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message };
}

// The On/Off switch of a channel's row.
export async function setChannelEnabledAction(id: string, enabled: boolean): Promise<ChannelActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "settings.manage" });
  if (refused) return refused;
  const updated = await updateChannel({ id, input: { enabled }, actor: actorOf(user) });
  revalidatePath(PAGE);
  return updated ? { ok: true, message: enabled ? "Turned on." : "Turned off: alerts are not sent here." } : GONE;
}

// Delete on a channel's row.
export async function deleteChannelAction(id: string): Promise<ChannelActionResult> {
  const user = await requireUser();
  const refused = await permissionRefusal({ actor: actorOf(user), permission: "settings.manage" });
  if (refused) return refused;
  const deleted = await deleteChannel({ id, actor: actorOf(user) });
  revalidatePath(PAGE);
  return deleted ? { ok: true, message: "Deleted." } : GONE;
}
