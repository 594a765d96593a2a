// Creates an API token for a user. The plaintext is returned once, here; only its hash is stored.
import { roleAtLeast } from "@/lib/access/roles";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { ApiTokenCreateInput, type ApiTokenView } from "@/lib/api-tokens/schema";
import { displayPrefix, generateApiToken, hashApiToken } from "@/lib/api-tokens/token";
import { toApiTokenView } from "@/lib/api-tokens/to-api-token-view";

/** A token asked for with a role above its owner's. */
export class TokenRoleError extends Error {
  override readonly name = "TokenRoleError";
}

export async function createApiToken({ userId, name, role, kind, actor }: { userId: string; actor: Actor } & ApiTokenCreateInput): Promise<{ token: string; view: ApiTokenView }> {
  const input = ApiTokenCreateInput.parse({ name, role, kind });
  const token = generateApiToken();
  const row = await db().$transaction(async (tx) => {
    // The owner's role unless a lower one is asked for; at each use it is capped by the owner's role then.
    const owner = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
    const tokenRole = input.role ?? owner.role;
    if (!roleAtLeast(owner.role, tokenRole)) throw new TokenRoleError(`A token's role cannot be above its owner's (${owner.role}).`);
    const created = await tx.apiToken.create({
      data: { userId, name: input.name, tokenHash: hashApiToken(token), prefix: displayPrefix(token), role: tokenRole, kind: input.kind },
    });
    await recordAudit(tx, {
      actor,
      action: "api_token.created",
      target: { type: "api_token", id: created.id, name: created.name },
      details: { prefix: created.prefix, role: created.role, kind: created.kind },
    });
    return created;
  });
  return { token, view: toApiTokenView(row) };
}
