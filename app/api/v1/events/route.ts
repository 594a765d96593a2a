// GET /api/v1/events – events newest first, filtered like the events page (same query parameters),
// a page at a time (?before=<nextCursor>).
import { apiError } from "@/lib/api/errors";
import type { ValidationIssue } from "@/lib/http/validation-issue";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { parseEventFilterParams } from "@/lib/events/event-filter";
import { decodeCursor, listEvents, MAX_EVENT_PAGE } from "@/lib/events/list-events";
import { toEventListItemView } from "@/lib/events/schema";
import { jsonData } from "@/lib/http/json-data";
import { invalidRequest } from "@/lib/api/parse-json-body";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const params = new URL(request.url).searchParams;
  const { filter, errors } = parseEventFilterParams(params);
  const issues: ValidationIssue[] = errors.map((error) => ({ path: [error.key], message: error.message }));
  const before = params.get("before") ?? undefined;
  if (before !== undefined && !decodeCursor(before))
    issues.push({ path: ["before"], message: "Not a cursor from this API; start again from the first page" });
  const limitText = params.get("limit");
  const limit = limitText === null ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE)
    issues.push({ path: ["limit"], message: `A whole number from 1 to ${MAX_EVENT_PAGE}` });
  if (issues.length > 0) return invalidRequest(issues);
  const page = await listEvents({ filter, before, limit });
  return jsonData(200, { data: page.events.map(toEventListItemView), nextCursor: page.nextCursor });
}
