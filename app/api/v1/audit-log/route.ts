// GET /api/v1/audit-log – who changed what, newest first, a page at a time (?before=<nextCursor>).
import { apiError } from "@/lib/api/errors";
import { AuditCursorError, listAuditLog } from "@/lib/audit/list-audit-log";
import { AuditLogQuery, toAuditLogEntry } from "@/lib/audit/schema";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { invalidRequest } from "@/lib/api/parse-json-body";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const query = AuditLogQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success)
    return invalidRequest(
      query.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
    );
  try {
    const page = await listAuditLog(query.data);
    return jsonData(200, { data: page.entries.map(toAuditLogEntry), nextCursor: page.nextCursor });
  } catch (error) {
    if (error instanceof AuditCursorError) return invalidRequest([{ path: ["before"], message: error.message }]);
    throw error;
  }
}
