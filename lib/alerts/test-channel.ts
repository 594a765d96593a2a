// "Send test notification": one test message through the channel, now, from this process, and what
// happened in words. Nothing is recorded in the alert history; the outcome is logged.
import { testMessage } from "@/lib/alerts/alert-message";
import { NotificationError } from "@/lib/alerts/channels/notification-error";
import type { ChannelTestResult } from "@/lib/alerts/schema";
import { sendToChannel } from "@/lib/alerts/send-to-channel";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";
import { newWebhookId } from "@/lib/pipeline/dispatch/webhook-id";

const log = logger("alerts");

const DELIVERED = { slack: "The test message was delivered to the Slack webhook.", webhook: "The signed test event was delivered (the endpoint answered 2xx).", email: "The SMTP server accepted the test e-mail." } as const;

/** null when there is no channel with this id. */
export async function testChannel({ id }: { id: string }): Promise<ChannelTestResult | null> {
  if (!isUuid(id)) return null;
  const channel = await db().notificationChannel.findUnique({ where: { id } });
  if (!channel) return null;
  try {
    await sendToChannel({ channel, message: testMessage({ channelName: channel.name }), messageId: newWebhookId() });
    log.info("test notification sent", { channelId: id, kind: channel.kind });
    return { ok: true, message: DELIVERED[channel.kind] };
  } catch (error) {
    if (!(error instanceof NotificationError)) throw error;
    log.warn("test notification failed", { channelId: id, kind: channel.kind, reason: error.message });
    return { ok: false, message: `Not delivered: ${error.message}` };
  }
}
