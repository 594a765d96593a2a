// Every notification channel, oldest first (the order they were set up in), with its latest notification.
import type { ChannelView } from "@/lib/alerts/schema";
import { toChannelView, WITH_LAST_NOTIFICATION } from "@/lib/alerts/to-channel-view";
import { db } from "@/lib/db";

export async function listChannels(): Promise<ChannelView[]> {
  const rows = await db().notificationChannel.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: WITH_LAST_NOTIFICATION });
  return rows.map(toChannelView);
}
