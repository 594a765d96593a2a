// GET /api/v1/deliveries – deliveries newest first, filtered like the dashboard's list (status,
// destination, source, response, from, to), a page at a time (?cursor=<nextCursor>&limit=). The
// filter parses the query as the page does (lib/deliveries/delivery-filter.ts).
import { invalid } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { parseDeliveryFilterParams } from "@/lib/deliveries/delivery-filter";
import { DEFAULT_DELIVERY_PAGE, listDeliveries, MAX_DELIVERY_PAGE } from "@/lib/deliveries/list-deliveries";
import { toDeliveryListItemView } from "@/lib/deliveries/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listDeliveries", async ({ searchParams }) => {
  const { filter, issues } = parseDeliveryFilterParams(searchParams);
  const limitText = searchParams.get("limit");
  const limit = limitText === null || limitText === "" ? DEFAULT_DELIVERY_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERY_PAGE) issues.push({ path: ["limit"], message: `A whole number from 1 to ${MAX_DELIVERY_PAGE}` });
  if (issues.length > 0) return invalid(issues);
  // A cursor this list did not hand out: InvalidCursorError, answered invalid_request.
  const page = await listDeliveries({ filter, cursor: searchParams.get("cursor") || null, limit });
  return { data: page.deliveries.map(toDeliveryListItemView), nextCursor: page.nextCursor };
});
