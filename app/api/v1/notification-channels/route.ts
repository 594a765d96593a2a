// GET /api/v1/notification-channels – where alerts go. POST – add one (admin); a webhook channel's
// signing secret is returned this once.
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { createChannel } from "@/lib/alerts/create-channel";
import { listChannels } from "@/lib/alerts/list-channels";
import { mayChangeSettings } from "@/lib/auth/may-change-settings";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listNotificationChannels", async () => ({ data: await listChannels() }));

export const POST = apiRoute("createNotificationChannel", async ({ body, caller, actor }) => {
  if (!mayChangeSettings(caller)) return fail("forbidden");
  const { channel, signingSecret } = await createChannel({ input: body, actor });
  return { data: channel, signingSecret };
});
