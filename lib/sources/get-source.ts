import { db } from "@/lib/db";

export async function getSource({ id }: { id: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return db().source.findUnique({ where: { id } });
}
