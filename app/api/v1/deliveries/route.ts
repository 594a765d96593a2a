// GET /api/v1/deliveries – deliveries newest first, filtered like the dashboard's list (status,
// destination, source, response, from, to), a page at a time (?cursor=<nextCursor>&limit=).
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { parseDeliveryFilterParams } from "@/lib/deliveries/delivery-filter";
import { DEFAULT_DELIVERY_PAGE, InvalidCursorError, listDeliveries, MAX_DELIVERY_PAGE } from "@/lib/deliveries/list-deliveries";
import { toDeliveryListItemView } from "@/lib/deliveries/schema";
import { jsonData } from "@/lib/http/json-data";
import { invalidRequest } from "@/lib/api/parse-json-body";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const params = new URL(request.url).searchParams;
  const { filter, issues } = parseDeliveryFilterParams(params);
  const limitText = params.get("limit");
  const limit = limitText === null || limitText === "" ? DEFAULT_DELIVERY_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERY_PAGE) issues.push({ path: ["limit"], message: `A whole number from 1 to ${MAX_DELIVERY_PAGE}` });
  if (issues.length > 0) return invalidRequest(issues);
  try {
    const page = await listDeliveries({ filter, cursor: params.get("cursor") || null, limit });
    return jsonData(200, { data: page.deliveries.map(toDeliveryListItemView), nextCursor: page.nextCursor });
  } catch (error) {
    if (error instanceof InvalidCursorError) return invalidRequest([{ path: ["cursor"], message: error.message }]);
    throw error;
  }
}
