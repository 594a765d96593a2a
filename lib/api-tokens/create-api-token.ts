// Creates an API token for a user. The plaintext is returned once, here; only its hash is stored.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { ApiTokenCreateInput, type ApiTokenView } from "@/lib/api-tokens/schema";
import { displayPrefix, generateApiToken, hashApiToken } from "@/lib/api-tokens/token";
import { toApiTokenView } from "@/lib/api-tokens/to-api-token-view";

export async function createApiToken({ userId, name, actor }: { userId: string; actor: Actor } & ApiTokenCreateInput): Promise<{ token: string; view: ApiTokenView }> {
  const input = ApiTokenCreateInput.parse({ name });
  const token = generateApiToken();
  const row = await db().$transaction(async (tx) => {
    // Until a token's role is chosen, it carries its owner's role (and is capped by it at each use).
    const owner = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
    const created = await tx.apiToken.create({ data: { userId, name: input.name, tokenHash: hashApiToken(token), prefix: displayPrefix(token), role: owner.role } });
    await recordAudit(tx, { actor, action: "api_token.created", target: { type: "api_token", id: created.id, name: created.name }, details: { prefix: created.prefix } });
    return created;
  });
  return { token, view: toApiTokenView(row) };
}
