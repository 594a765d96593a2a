import { db } from "@/lib/db";
import type { SourceView } from "@/lib/sources/schema";
import { toSourceView } from "@/lib/sources/to-source-view";

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getSource({ id }: { id: string }): Promise<SourceView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const source = await db().source.findUnique({ where: { id }, include: { secrets: true } });
  return source ? toSourceView(source) : null;
}
