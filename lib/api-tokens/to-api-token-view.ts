import type { ApiToken } from "@/lib/generated/prisma/client";
import type { ApiTokenView } from "@/lib/api-tokens/schema";

export function toApiTokenView(token: ApiToken): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    status: token.revokedAt ? "revoked" : "active",
    role: token.role,
    kind: token.kind,
  };
}
