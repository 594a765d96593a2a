// One notification channel; null when there is none with this id.
import type { ChannelView } from "@/lib/alerts/schema";
import { toChannelView, WITH_LAST_NOTIFICATION } from "@/lib/alerts/to-channel-view";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export async function getChannel({ id }: { id: string }): Promise<ChannelView | null> {
  if (!isUuid(id)) return null;
  const row = await db().notificationChannel.findUnique({ where: { id }, include: WITH_LAST_NOTIFICATION });
  return row ? toChannelView(row) : null;
}
