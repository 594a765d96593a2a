// GET /api/v1/inboxes/{id} – an inbox with its message counts.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getInbox } from "@/lib/inboxes/get-inbox";

export const GET = apiRoute("getInbox", async ({ params }) => found(await getInbox({ id: params.id }), "inbox_not_found"));
