// POST /api/v1/notification-channels/{id}/test – "Send test notification": one message now, and
// whether it was delivered, in words (200 either way).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { testChannel } from "@/lib/alerts/test-channel";

export const dynamic = "force-dynamic";

export const POST = apiRoute("testNotificationChannel", async ({ params }) => {
  return found(await testChannel({ id: params.id }), "notification_channel_not_found");
});
