// POST /api/v1/inboxes/{id}/messages/{messageId}/ack – done with a received message.
import { ApiFailure } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { ackMessage } from "@/lib/inboxes/settle-message";

export const POST = apiRoute("ackInboxMessage", async ({ params, body }) => {
  const result = await ackMessage({ inboxId: params.id, messageId: params.messageId, leaseId: body.leaseId });
  return result.ok ? { data: result.message } : new ApiFailure(result.code);
});
