// The API/UI shape of a source: masked secrets, the ingest URL, ISO timestamps.
import type { Source, SourceSecret } from "@/lib/generated/prisma/client";
import type { SourceView } from "@/lib/sources/schema";
import { ingestUrl } from "@/lib/sources/ingest-url";
import { isSchemeId } from "@/lib/signatures/types";

export function isSecretActive(secret: Pick<SourceSecret, "expiresAt">, now = new Date()): boolean {
  return secret.expiresAt === null || secret.expiresAt > now;
}

export function toSourceView(source: Source & { secrets: SourceSecret[] }, now = new Date()): SourceView {
  return {
    id: source.id,
    name: source.name,
    key: source.key,
    ingestUrl: ingestUrl(source),
    enabled: source.enabled,
    scheme: isSchemeId(source.scheme) ? source.scheme : "none",
    schemeOptions: (source.schemeOptions ?? {}) as Record<string, unknown>,
    toleranceSeconds: source.toleranceSeconds,
    dedupeStrategy: source.dedupeStrategy,
    dedupeField: source.dedupeField,
    bodyLimitBytes: source.bodyLimitBytes,
    ipAllowlist: source.ipAllowlist,
    secrets: [...source.secrets]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((secret) => ({
        id: secret.id,
        hint: secret.hint,
        createdAt: secret.createdAt.toISOString(),
        expiresAt: secret.expiresAt?.toISOString() ?? null,
        active: isSecretActive(secret, now),
      })),
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}
