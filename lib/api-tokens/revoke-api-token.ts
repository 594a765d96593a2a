// Revokes one of a user's API tokens; it is refused from then on. True when it was active until now.
import { db } from "@/lib/db";
import { UUID_PATTERN } from "@/lib/ids";

export async function revokeApiToken({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  if (!UUID_PATTERN.test(id)) return false;
  const { count } = await db().apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}
