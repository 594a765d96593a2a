// GET /api/v1/deliveries' query parameters, as the OpenAPI document declares them and apiRoute
// checks them (an unknown one is a 400 that names it). The filter's keys come from the deliveries
// filter (lib/deliveries/delivery-filter.ts), parsed by the route with the page's parser.
import { z } from "zod";
import { DELIVERY_FILTER_KEYS } from "@/lib/deliveries/delivery-filter";

const FILTER_HELP: Record<(typeof DELIVERY_FILTER_KEYS)[number], string> = {
  status: "pending, retrying, succeeded, failed or cancelled.",
  destination: "A destination id.",
  source: "A source id.",
  response: "The last attempt's status: exact like 500, a class like 5xx, or none for attempts without an HTTP answer.",
  from: "Created at or after: an ISO date-time, or a date (UTC).",
  to: "Created before (exclusive; a date alone includes that day).",
};

const filterParams = Object.fromEntries(DELIVERY_FILTER_KEYS.map((key) => [key, z.string().optional().describe(FILTER_HELP[key])])) as Record<
  (typeof DELIVERY_FILTER_KEYS)[number],
  z.ZodOptional<z.ZodString>
>;

export const DeliveryListQuery = z.strictObject({
  ...filterParams,
  limit: z.string().optional().describe("Deliveries per page, 1–200 (default 50)."),
  cursor: z.string().optional().describe("The `nextCursor` of the previous page."),
});
