// GET /api/v1/overview?range=hour|day|week – deliveries by final outcome over the range, and what
// is failing now.
import { apiRoute } from "@/lib/api/api-route";
import { getOverview } from "@/lib/overview/get-overview";
import { toOverviewView } from "@/lib/overview/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getOverview", async ({ query }) => {
  const overview = await getOverview({ range: query.range ?? "day" });
  return { data: toOverviewView(overview) };
});
