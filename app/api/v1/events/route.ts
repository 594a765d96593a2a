// GET /api/v1/events – events newest first, filtered like the events page (same query parameters,
// parsed as the page does: lib/events/event-filter.ts), a page at a time (?cursor=<nextCursor>; ?before= is its former name).
import { fail, invalid } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { retiredQueryMessage } from "@/lib/events/legacy-payload-query";
import { parseEventFilterParams } from "@/lib/events/event-filter";
import { decodeCursor, listEvents, MAX_EVENT_PAGE } from "@/lib/events/list-events";
import { toEventListItemView } from "@/lib/events/schema";
import type { ValidationIssue } from "@/lib/http/validation-issue";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listEvents", async ({ searchParams }) => {
  // The retired payload query: refused with its translation, never answered with different events silently.
  const q = searchParams.get("q");
  if (q !== null) return fail("payload_query_retired", { message: retiredQueryMessage(q) });
  const { filter, errors } = parseEventFilterParams(searchParams);
  const issues: ValidationIssue[] = errors.map((error) => ({ path: [error.key], message: error.message }));
  // `before` is the cursor's former name, still accepted.
  const cursorKey = searchParams.has("cursor") ? "cursor" : "before";
  const before = searchParams.get(cursorKey) ?? undefined;
  if (before !== undefined && !decodeCursor(before)) issues.push({ path: [cursorKey], message: "Not a cursor from this API; start again from the first page" });
  const limitText = searchParams.get("limit");
  const limit = limitText === null ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE) issues.push({ path: ["limit"], message: `A whole number from 1 to ${MAX_EVENT_PAGE}` });
  if (issues.length > 0) return invalid(issues);
  const page = await listEvents({ filter, before, limit });
  return { data: page.events.map(toEventListItemView), nextCursor: page.nextCursor };
});
