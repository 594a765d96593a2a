// GET /api/stream – server-sent events announcing changes to events, deliveries, bulk operations and
// destinations, for the dashboard's live views (components/live/live-refresh.tsx).
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { openLiveStream } from "@/lib/live/open-live-stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  // proxy.ts guards this path too; the route checks again, as every API route does.
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized", { message: "Sign in to receive live updates." });
  return new Response(openLiveStream({ signal: request.signal }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps Next's gzip (and any proxy's) from buffering the stream.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
