// POST /api/v1/inboxes/{id}/messages/{messageId}/nack – give a message back, to be received again after a delay.
import { ApiFailure } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { nackMessage } from "@/lib/inboxes/settle-message";

export const POST = apiRoute("nackInboxMessage", async ({ params, body }) => {
  const result = await nackMessage({ inboxId: params.id, messageId: params.messageId, ...body });
  return result.ok ? { data: result.message } : new ApiFailure(result.code);
});
