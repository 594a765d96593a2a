// Changes a channel's settings (only the fields sent). A new URL is checked like a new channel's
// and sealed again with the channel's existing signing secret; null when there is no such channel.
import type { Actor } from "@/lib/audit/actor";
import { changedFields } from "@/lib/audit/changed-fields";
import { recordAudit } from "@/lib/audit/record-audit";
import { maskUrl, openChannelConfig, sealChannelConfig } from "@/lib/alerts/channel-config";
import { ChannelSettingsError } from "@/lib/alerts/channel-settings-error";
import { checkChannelUrl } from "@/lib/alerts/check-channel-url";
import { ChannelUpdateInput, type ChannelView } from "@/lib/alerts/schema";
import { toChannelView, WITH_LAST_NOTIFICATION } from "@/lib/alerts/to-channel-view";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";

export async function updateChannel({ id, input, actor }: { id: string; input: ChannelUpdateInput; actor: Actor }): Promise<ChannelView | null> {
  if (!isUuid(id)) return null;
  const changes = ChannelUpdateInput.parse(input);
  const current = await db().notificationChannel.findUnique({ where: { id } });
  if (!current) return null;
  const isEmail = current.kind === "email";
  if (isEmail && (changes.url !== undefined || changes.allowPrivateNetwork !== undefined)) throw new ChannelSettingsError(changes.url !== undefined ? "url" : "allowPrivateNetwork", "An e-mail channel has recipients, not a URL.");
  if (!isEmail && changes.recipients !== undefined) throw new ChannelSettingsError("recipients", "Only an e-mail channel has recipients.");

  const data: Prisma.NotificationChannelUpdateInput = {};
  if (changes.name !== undefined) data.name = changes.name;
  if (changes.enabled !== undefined) data.enabled = changes.enabled;
  if (changes.recipients !== undefined) Object.assign(data, { recipients: changes.recipients, hint: changes.recipients.join(", ") });
  if (!isEmail && current.sealedConfig && (changes.url !== undefined || changes.allowPrivateNetwork !== undefined)) {
    const config = openChannelConfig(current.sealedConfig, id);
    const url = changes.url ?? config.url;
    const allowPrivateNetwork = changes.allowPrivateNetwork ?? current.allowPrivateNetwork;
    await checkChannelUrl({ url, allowPrivateNetwork });
    Object.assign(data, { sealedConfig: sealChannelConfig({ ...config, url }), hint: maskUrl(url), allowPrivateNetwork });
  }
  // The URL is sealed, so it cannot be compared: sending one counts as changing it.
  const { url, ...plain } = changes;
  const fields = [...changedFields(current, plain), ...(url !== undefined ? ["url"] : [])];
  const updated = await db().$transaction(async (tx) => {
    const row = await tx.notificationChannel.update({ where: { id }, data, include: WITH_LAST_NOTIFICATION });
    if (fields.length > 0) await recordAudit(tx, { actor, action: "notification_channel.updated", target: { type: "notification_channel", id, name: row.name }, details: { fields } });
    return row;
  });
  return toChannelView(updated);
}
