// Finds the user an API token belongs to. Unknown, revoked and malformed tokens all answer null.
import { db } from "@/lib/db";
import { apiTokenProblem, hashApiToken } from "@/lib/api-tokens/token";

export interface ApiTokenUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  /** The token's name, for the audit log's "API token “name” (email)". */
  tokenName: string;
}

/** lastUsedAt is only as precise as this, so a busy client does not cost a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiToken({ token }: { token: string }): Promise<ApiTokenUser | null> {
  if (apiTokenProblem(token) !== null) return null;
  const row = await db().apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, name: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!row || row.revokedAt) return null;
  const now = new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests with the same token write once between them.
    await db().apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { ...row.user, tokenName: row.name };
}
