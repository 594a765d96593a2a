// One event with everything the detail page shows.
import { db } from "@/lib/db";

export async function getEvent({ id }: { id: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const event = await db().event.findUnique({ where: { id }, include: { source: { select: { id: true, name: true } } } });
  if (!event) return null;
  return { ...event, headers: event.headers as Record<string, string>, body: Buffer.from(event.body) };
}
