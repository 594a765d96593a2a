// refresh-summaries: names a source's stored events again with its current summary template
// (lib/summaries/refresh-event-summaries.ts). Idempotent: an event already named with the current
// version is skipped. A database error fails the job, for pg-boss to retry it.
import type { JobPayload } from "@/lib/queue";
import { refreshEventSummaries } from "@/lib/summaries/refresh-event-summaries";

export async function handleRefreshSummaries({ sourceId }: JobPayload<"refresh-summaries">): Promise<void> {
  await refreshEventSummaries({ sourceId });
}
