// API tokens, newest first: one user's, or everyone's when no user is given. Revoked ones stay
// listed so their last use can still be seen.
import { db } from "@/lib/db";
import type { ApiTokenView } from "@/lib/api-tokens/schema";
import { toApiTokenView } from "@/lib/api-tokens/to-api-token-view";

export async function listApiTokens({ userId }: { userId?: string } = {}): Promise<ApiTokenView[]> {
  const rows = await db().apiToken.findMany({ where: userId === undefined ? {} : { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toApiTokenView);
}
