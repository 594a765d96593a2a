// GET /api/v1/notification-channels – where alerts go. POST – add one (admin); a webhook channel's
// signing secret is returned this once.
import { apiRoute } from "@/lib/api/api-route";
import { createChannel } from "@/lib/alerts/create-channel";
import { listChannels } from "@/lib/alerts/list-channels";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listNotificationChannels", async () => ({ data: await listChannels() }));

export const POST = apiRoute("createNotificationChannel", async ({ body, actor }) => {
  const { channel, signingSecret } = await createChannel({ input: body, actor });
  return { data: channel, signingSecret };
});
