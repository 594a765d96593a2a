// GET /api/v1/inboxes/{id}/stream – server-sent events of leased messages, resumable with Last-Event-ID.
import { ApiFailure } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { openInboxStream } from "@/lib/inboxes/open-inbox-stream";
import { inboxExists } from "@/lib/inboxes/receive-messages";

export const dynamic = "force-dynamic";

export const GET = apiRoute("streamInboxMessages", async ({ params, query, request }) => {
  if (!(await inboxExists({ inboxId: params.id }))) return new ApiFailure("inbox_not_found");
  const stream = openInboxStream({ inboxId: params.id, lastEventId: request.headers.get("last-event-id"), ...query, signal: request.signal });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no", Connection: "keep-alive" },
  });
});
