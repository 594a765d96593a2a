// GET /api/v1/events/{id}/body – the event's body exactly as received, as a file download. Never
// served with its own content type: a stored body is whatever a sender posted (HTML, SVG…), and
// the dashboard's origin must not render it. The original type travels in a header.
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { readEventBody } from "@/lib/events/read-event-body";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getEventBody", async ({ params }) => {
  const stored = await readEventBody({ id: params.id });
  if (!stored) return fail("event_not_found");
  return new Response(new Uint8Array(stored.body), {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename="${stored.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "Cache-Control": "no-store",
      ...(stored.contentType ? { "X-Switchyard-Content-Type": stored.contentType.replace(/[^\x20-\x7e]/g, "") } : {}),
    },
  });
});
