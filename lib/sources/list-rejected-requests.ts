// The latest requests a source refused, newest first, for the source page.
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";

export async function listRejectedRequests({ sourceId, limit = 20 }: { sourceId: string; limit?: number }) {
  if (!UUID_PATTERN.test(sourceId)) return [];
  return db().rejectedRequest.findMany({ where: { sourceId }, orderBy: { receivedAt: "desc" }, take: limit });
}
