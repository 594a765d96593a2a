// A channel row as the dashboard and the API show it: never its URL or secret, only the hint.
import type { ChannelView } from "@/lib/alerts/schema";
import type { AlertNotification, NotificationChannel } from "@/lib/generated/prisma/client";

export type ChannelWithLast = NotificationChannel & { notifications: Array<Pick<AlertNotification, "status" | "createdAt" | "sentAt" | "error">> };

export function toChannelView(row: ChannelWithLast): ChannelView {
  const last = row.notifications[0];
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    hint: row.hint,
    recipients: row.recipients,
    allowPrivateNetwork: row.allowPrivateNetwork,
    enabled: row.enabled,
    lastNotification: last ? { status: last.status, at: (last.sentAt ?? last.createdAt).toISOString(), error: last.error } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The include that brings the latest notification along. */
export const WITH_LAST_NOTIFICATION = {
  notifications: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, createdAt: true, sentAt: true, error: true } },
} as const;
