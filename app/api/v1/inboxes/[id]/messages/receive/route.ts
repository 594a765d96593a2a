// POST /api/v1/inboxes/{id}/messages/receive – lease up to `max` messages, long-polling up to `waitSeconds`.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { receiveMessages } from "@/lib/inboxes/receive-messages";
import { ReceiveInput } from "@/lib/inboxes/schema";

export const POST = apiRoute("receiveInboxMessages", async ({ params, body, request }) => {
  const input = body ?? ReceiveInput.parse({});
  return found(await receiveMessages({ inboxId: params.id, ...input, signal: request.signal }), "inbox_not_found");
});
