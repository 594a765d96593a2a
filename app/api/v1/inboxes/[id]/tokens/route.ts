// GET, POST /api/v1/inboxes/{id}/tokens – an inbox's tokens; create one (its plaintext shown once).
import { ApiFailure } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { createInboxToken } from "@/lib/inboxes/create-inbox-token";
import { InboxNotFoundError } from "@/lib/inboxes/errors";
import { getInbox } from "@/lib/inboxes/get-inbox";
import { listInboxTokens } from "@/lib/inboxes/list-inbox-tokens";

export const GET = apiRoute("listInboxTokens", async ({ params }) => {
  if (!(await getInbox({ id: params.id }))) return new ApiFailure("inbox_not_found");
  return { data: await listInboxTokens({ inboxId: params.id }) };
});

export const POST = apiRoute("createInboxToken", async ({ params, body, actor }) => {
  try {
    const { token, plaintext } = await createInboxToken({ inboxId: params.id, input: body, actor });
    return { data: token, token: plaintext };
  } catch (error) {
    if (error instanceof InboxNotFoundError) return new ApiFailure("inbox_not_found");
    throw error;
  }
});
