// Finds the user an API token belongs to. Unknown, revoked and malformed tokens, tokens of a
// disabled user, and tokens of another kind than the caller accepts all answer null.
import { lowerRole, type Role } from "@/lib/access/roles";
import { db } from "@/lib/db";
import { apiTokenProblem, hashApiToken } from "@/lib/api-tokens/token";

export interface ApiTokenUser {
  id: string;
  email: string;
  name: string | null;
  /** What the caller may do: the token's role capped by its owner's role now. */
  role: Role;
  /** The token's own role, carried into the audit actor so lib checks are capped by it too. */
  tokenRole: Role;
  /** The token's name, for the audit log's "API token “name” (email)". */
  tokenName: string;
}

/** lastUsedAt is only as precise as this, so a busy client does not cost a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * `kinds`: the token kinds the endpoint accepts. /api/v1 takes only `api` tokens; GET /metrics also
 * takes `scrape` tokens, which open nothing else.
 */
export async function authenticateApiToken({ token, kinds = ["api"] }: { token: string; kinds?: readonly ("api" | "scrape")[] }): Promise<ApiTokenUser | null> {
  if (apiTokenProblem(token) !== null) return null;
  const row = await db().apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      name: true,
      role: true,
      kind: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } },
    },
  });
  if (!row || row.revokedAt || row.user.disabledAt || !kinds.includes(row.kind)) return null;
  const now = new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests with the same token write once between them.
    await db().apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  const { id, email, name, role } = row.user;
  return { id, email, name, role: lowerRole(row.role, role), tokenRole: row.role, tokenName: row.name };
}
