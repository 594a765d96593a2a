// POST /api/v1/inboxes/{id}/messages/{messageId}/extend-lease – keep a message leased for longer.
import { ApiFailure } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { extendLease } from "@/lib/inboxes/settle-message";

export const POST = apiRoute("extendInboxMessageLease", async ({ params, body }) => {
  const result = await extendLease({ inboxId: params.id, messageId: params.messageId, ...body });
  return result.ok ? { data: result.message } : new ApiFailure(result.code);
});
