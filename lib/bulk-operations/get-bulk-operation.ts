// One bulk operation with its progress, for the progress component and the API.
import { toBulkOperationView, type BulkOperationView } from "@/lib/bulk-operations/schema";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export async function getBulkOperation({ id }: { id: string }): Promise<BulkOperationView | null> {
  if (!isUuid(id)) return null;
  const row = await db().bulkOperation.findUnique({ where: { id } });
  return row ? toBulkOperationView(row) : null;
}
