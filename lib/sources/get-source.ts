import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";
import type { SourceView } from "@/lib/sources/schema";
import { toSourceView } from "@/lib/sources/to-source-view";


export async function getSource({ id }: { id: string }): Promise<SourceView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const source = await db().source.findUnique({ where: { id }, include: { secrets: true } });
  return source ? toSourceView(source) : null;
}
