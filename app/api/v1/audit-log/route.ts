// GET /api/v1/audit-log – who changed what, newest first, a page at a time (?before=<nextCursor>;
// a cursor this list did not hand out is AuditCursorError: invalid_request).
import { apiRoute } from "@/lib/api/api-route";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { toAuditLogEntry } from "@/lib/audit/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listAuditLog", async ({ query }) => {
  const page = await listAuditLog(query);
  return { data: page.entries.map(toAuditLogEntry), nextCursor: page.nextCursor };
});
