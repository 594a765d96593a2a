// Sends one message to one channel, whatever its kind. Throws NotificationError.
import type { AlertMessage } from "@/lib/alerts/alert-message";
import { openChannelConfig } from "@/lib/alerts/channel-config";
import { NotificationError } from "@/lib/alerts/channels/notification-error";
import { sendEmail } from "@/lib/alerts/channels/send-email";
import { sendSlack } from "@/lib/alerts/channels/send-slack";
import { sendWebhook } from "@/lib/alerts/channels/send-webhook";
import type { NotificationChannel } from "@/lib/generated/prisma/client";

export type ChannelRow = Pick<NotificationChannel, "id" | "kind" | "sealedConfig" | "recipients" | "allowPrivateNetwork">;

export async function sendToChannel({ channel, message, messageId }: { channel: ChannelRow; message: AlertMessage; messageId: string }): Promise<void> {
  if (channel.kind === "email") return sendEmail({ recipients: channel.recipients, message });
  if (!channel.sealedConfig) throw new NotificationError("This channel has no URL.", true);
  const config = openChannelConfig(channel.sealedConfig, channel.id);
  if (channel.kind === "slack") return sendSlack({ url: config.url, allowPrivateNetwork: channel.allowPrivateNetwork, message });
  if (!config.signingSecret) throw new NotificationError("This webhook channel has no signing secret.", true);
  return sendWebhook({ url: config.url, signingSecret: config.signingSecret, allowPrivateNetwork: channel.allowPrivateNetwork, message, messageId });
}
