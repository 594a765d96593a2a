// The API/UI shape of a source: masked secrets, the ingest URL, ISO timestamps.
import { toSecretViews } from "@/lib/crypto/secret-view";
import type { Source, SourceSecret } from "@/lib/generated/prisma/client";
import type { SourceView } from "@/lib/sources/schema";
import { ingestUrl } from "@/lib/sources/ingest-url";
import { isSchemeId } from "@/lib/signatures/types";

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
    summaryTemplate: source.summaryTemplate,
    secrets: toSecretViews(source.secrets, now),
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}
