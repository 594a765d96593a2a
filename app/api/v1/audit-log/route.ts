// GET /api/v1/audit-log – who changed what, newest first, a page at a time (?cursor=<nextCursor>, or ?before= as before;
// a cursor this list did not hand out is AuditCursorError: invalid_request).
import { apiRoute } from "@/lib/api/api-route";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { toAuditLogEntry } from "@/lib/audit/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listAuditLog", async ({ query: { cursor, before, ...query } }) => {
  // `before` is the cursor's former name.
  const page = await listAuditLog({ ...query, before: cursor ?? before });
  return { data: page.entries.map(toAuditLogEntry), nextCursor: page.nextCursor };
});
