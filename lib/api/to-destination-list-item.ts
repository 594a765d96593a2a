// A listed destination as the API shows it: ISO timestamps.
import type { DestinationListItem } from "@/lib/api/schemas";
import type { DestinationSummary } from "@/lib/destinations/list-destinations";

export function toDestinationListItem(destination: DestinationSummary): DestinationListItem {
  return {
    id: destination.id,
    name: destination.name,
    url: destination.url,
    state: destination.state,
    pausedReason: destination.pausedReason,
    circuit: destination.circuit,
    createdAt: destination.createdAt.toISOString(),
    backlog: destination.backlog,
    succeededLast24h: destination.succeededLast24h,
    failedLast24h: destination.failedLast24h,
  };
}
