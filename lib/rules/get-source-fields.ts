// The fields seen in a source's recent events, or null when there is no such source
// (listSourceFields alone cannot tell an unknown source from one without events).
import { db } from "@/lib/db";
import type { CollectedField } from "@/lib/rules/collect-fields";
import { listSourceFields } from "@/lib/rules/list-source-fields";
import { UUID_PATTERN } from "@/lib/ids";

export async function getSourceFields({ sourceId }: { sourceId: string }): Promise<CollectedField[] | null> {
  if (!UUID_PATTERN.test(sourceId)) return null;
  const source = await db().source.findUnique({ where: { id: sourceId }, select: { id: true } });
  return source ? listSourceFields({ sourceId }) : null;
}
