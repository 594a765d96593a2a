// POST /api/v1/inboxes – create an inbox (a destination agents pull from); its secret is shown once.
import { apiRoute } from "@/lib/api/api-route";
import { createInbox } from "@/lib/inboxes/create-inbox";

export const POST = apiRoute("createInbox", async ({ body, actor }) => {
  const { inbox, secret } = await createInbox({ input: body, actor });
  return { data: inbox, secret };
});
