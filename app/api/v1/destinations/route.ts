// GET /api/v1/destinations – every destination with its backlog and recent outcomes. POST – create
// one; its generated signing secret is returned this once.
import { apiRoute } from "@/lib/api/api-route";
import { toDestinationListItem } from "@/lib/api/to-destination-list-item";
import { createDestination } from "@/lib/destinations/create-destination";
import { listDestinations } from "@/lib/destinations/list-destinations";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listDestinations", async () => ({ data: (await listDestinations()).map(toDestinationListItem) }));

export const POST = apiRoute("createDestination", async ({ body, actor }) => {
  const { destination, secret } = await createDestination({ input: body, actor });
  return { data: destination, secret };
});
