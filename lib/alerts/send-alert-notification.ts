// Sends one alert notification (the worker's "send-alert-notification" job). Idempotent: a
// notification already sent is not sent again (pg-boss delivers at least once). A permanent
// failure (bad URL, blocked address, no SMTP server, a rejected recipient) is recorded and the job
// completes; a transient one is recorded and thrown, for pg-boss to retry on the queue's schedule.
import { alertMessage } from "@/lib/alerts/alert-message";
import { NotificationError } from "@/lib/alerts/channels/notification-error";
import { sendToChannel } from "@/lib/alerts/send-to-channel";
import { db } from "@/lib/db";
import { logger } from "@/lib/log";

const log = logger("alerts");

export type SendOutcome = "sent" | "failed" | "skipped";

export async function sendAlertNotification({ notificationId }: { notificationId: string }): Promise<SendOutcome> {
  const row = await db().alertNotification.findUnique({
    where: { id: notificationId },
    include: { channel: true, alert: { include: { rule: { select: { kind: true } } } } },
  });
  if (!row || row.status === "sent") return "skipped";
  const { alert, channel } = row;
  const fields = { notificationId, alertId: alert.id, channelId: channel.id, channelKind: channel.kind, kind: row.kind, rule: alert.rule.kind };
  if (!channel.enabled) {
    await db().alertNotification.updateMany({ where: { id: notificationId }, data: { status: "failed", error: "The channel was turned off before this was sent." } });
    return "failed";
  }
  const message = alertMessage({
    kind: row.kind,
    alert: { id: alert.id, ruleKind: alert.rule.kind, subjectKey: alert.subjectKey, subjectName: alert.subjectName, summary: alert.summary, startedAt: alert.startedAt, resolvedAt: alert.resolvedAt },
  });
  try {
    await sendToChannel({ channel, message, messageId: `msg_${notificationId.replaceAll("-", "")}` });
  } catch (error) {
    if (!(error instanceof NotificationError)) throw error;
    await db().alertNotification.updateMany({ where: { id: notificationId }, data: { status: "failed", error: error.message, attempts: { increment: 1 } } });
    log.warn("alert notification failed", { ...fields, reason: error.message, permanent: error.permanent });
    if (error.permanent) return "failed";
    throw error;
  }
  await db().alertNotification.updateMany({ where: { id: notificationId }, data: { status: "sent", sentAt: new Date(), error: null, attempts: { increment: 1 } } });
  log.info("alert notification sent", fields);
  return "sent";
}
