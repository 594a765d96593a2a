// How many stored events a source has: shown before deleting it (they are deleted with it).
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";

export async function countSourceEvents({ sourceId }: { sourceId: string }): Promise<number> {
  if (!UUID_PATTERN.test(sourceId)) return 0;
  return db().event.count({ where: { sourceId } });
}
