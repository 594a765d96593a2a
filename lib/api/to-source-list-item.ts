// A listed source as the API shows it: ISO timestamps and its ingest URL.
import type { SourceListItem } from "@/lib/api/schemas";
import { ingestUrl } from "@/lib/sources/ingest-url";
import type { SourceSummary } from "@/lib/sources/list-sources";

export function toSourceListItem(source: SourceSummary): SourceListItem {
  return {
    id: source.id,
    name: source.name,
    key: source.key,
    ingestUrl: ingestUrl(source),
    enabled: source.enabled,
    scheme: source.scheme,
    createdAt: source.createdAt.toISOString(),
    eventsLast24h: source.eventsLast24h,
    rejectedLast24h: source.rejectedLast24h,
    lastReceivedAt: source.lastReceivedAt?.toISOString() ?? null,
  };
}
