// Creates a notification channel. A webhook channel gets a signing secret (whsec_…), returned this
// once so the receiver can verify; the URL and the secret are sealed at rest.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { maskUrl, sealChannelConfig } from "@/lib/alerts/channel-config";
import { checkChannelUrl } from "@/lib/alerts/check-channel-url";
import { ChannelCreateInput, type ChannelView } from "@/lib/alerts/schema";
import { toChannelView, WITH_LAST_NOTIFICATION } from "@/lib/alerts/to-channel-view";
import { db } from "@/lib/db";
import { standardWebhooks } from "@/lib/signatures/standard-webhooks";

export async function createChannel({ input, actor }: { input: ChannelCreateInput; actor: Actor }): Promise<{ channel: ChannelView; signingSecret: string | null }> {
  const settings = ChannelCreateInput.parse(input);
  let data: { sealedConfig: string | null; hint: string; recipients: string[]; allowPrivateNetwork: boolean };
  let signingSecret: string | null = null;
  if (settings.kind === "email") {
    data = { sealedConfig: null, hint: settings.recipients.join(", "), recipients: settings.recipients, allowPrivateNetwork: false };
  } else {
    await checkChannelUrl({ url: settings.url, allowPrivateNetwork: settings.allowPrivateNetwork });
    if (settings.kind === "webhook") signingSecret = standardWebhooks.generateSecret();
    const config = signingSecret ? { url: settings.url, signingSecret } : { url: settings.url };
    data = { sealedConfig: sealChannelConfig(config), hint: maskUrl(settings.url), recipients: [], allowPrivateNetwork: settings.allowPrivateNetwork };
  }
  const channel = await db().$transaction(async (tx) => {
    const created = await tx.notificationChannel.create({ data: { name: settings.name, kind: settings.kind, enabled: settings.enabled, ...data }, include: WITH_LAST_NOTIFICATION });
    await recordAudit(tx, { actor, action: "notification_channel.created", target: { type: "notification_channel", id: created.id, name: created.name }, details: { kind: created.kind } });
    return created;
  });
  return { channel: toChannelView(channel), signingSecret };
}
