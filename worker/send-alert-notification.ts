// send-alert-notification: one alert message to one channel (lib/alerts/send-alert-notification.ts).
// A channel failing for now throws, for pg-boss to retry; a permanent failure is recorded and completes.
import { sendAlertNotification } from "@/lib/alerts/send-alert-notification";
import type { JobPayload } from "@/lib/queue";

export async function handleSendAlertNotification({ notificationId }: JobPayload<"send-alert-notification">): Promise<void> {
  await sendAlertNotification({ notificationId });
}
