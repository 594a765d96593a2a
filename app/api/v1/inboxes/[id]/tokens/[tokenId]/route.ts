// DELETE /api/v1/inboxes/{id}/tokens/{tokenId} – revoke an inbox token.
import { ApiFailure } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { InboxTokenNotFoundError } from "@/lib/inboxes/errors";
import { revokeInboxToken } from "@/lib/inboxes/revoke-inbox-token";

export const DELETE = apiRoute("revokeInboxToken", async ({ params, actor }) => {
  try {
    return { data: await revokeInboxToken({ inboxId: params.id, tokenId: params.tokenId, actor }) };
  } catch (error) {
    if (error instanceof InboxTokenNotFoundError) return new ApiFailure("inbox_token_not_found");
    throw error;
  }
});
