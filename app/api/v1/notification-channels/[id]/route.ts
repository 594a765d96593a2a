// GET, PATCH, DELETE /api/v1/notification-channels/{id} – one channel (changes: admin only).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { deleteChannel } from "@/lib/alerts/delete-channel";
import { getChannel } from "@/lib/alerts/get-channel";
import { updateChannel } from "@/lib/alerts/update-channel";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getNotificationChannel", async ({ params }) => found(await getChannel({ id: params.id }), "notification_channel_not_found"));

export const PATCH = apiRoute("updateNotificationChannel", async ({ params, body, actor }) => {
  return found(await updateChannel({ id: params.id, input: body, actor }), "notification_channel_not_found");
});

export const DELETE = apiRoute("deleteNotificationChannel", async ({ params: { id }, actor }) => {
  return found((await deleteChannel({ id, actor })) ? { id } : null, "notification_channel_not_found");
});
