// Names a source's stored events again with its current summary template, so lists and the events
// search see the new names (reads name a stale event themselves meanwhile: ./event-summaries.ts).
// The `refresh-summaries` job runs it after a template change (sent in the same transaction as the
// change) and, at worker start, for every source whose refresh has not finished (the migration that
// introduced summaries marked every existing source so).
//
// Newest first, in batches along (received_at, id), each one statement that commits alone: a big
// source is never locked at once, and a row routing (re)named meanwhile with the same or a newer
// version is left alone. A run stops after a time budget and sends the job again to carry on; it
// also stops when the template changed under it (the change sent its own job).
import { pool } from "@/lib/db";
import { logger } from "@/lib/log";
import { sendJobOnce, type SendJobOptions } from "@/lib/queue";
import { compileSummaryTemplate } from "@/lib/summaries/summary-template";

const log = logger("summaries");
const BATCH = 500;
const DEFAULT_BUDGET_MS = 60_000;

interface EventToName {
  id: string;
  received_at: Date;
  payload: unknown;
  headers: Record<string, string> | null;
}

export interface RefreshSummariesResult {
  renamed: number;
  /** True when every event is named with the current template (the source's refresh is recorded as done). */
  complete: boolean;
}

/** Sends the refresh job for a source (at most one waits per source: the queue is stately). */
export async function enqueueSummaryRefresh({ sourceId, db, boss }: { sourceId: string } & Pick<SendJobOptions<"refresh-summaries">, "db" | "boss">): Promise<void> {
  await sendJobOnce({ name: "refresh-summaries", payload: { sourceId }, singletonKey: sourceId, db, boss });
}

/** At worker start: a refresh for each source whose events are not all named with its template. */
export async function enqueueLaggingSummaryRefreshes({ boss }: Pick<SendJobOptions<"refresh-summaries">, "boss"> = {}): Promise<number> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM sources WHERE summary_refreshed_version < summary_version");
  for (const row of rows) await enqueueSummaryRefresh({ sourceId: row.id, boss });
  return rows.length;
}

export async function refreshEventSummaries({
  sourceId,
  budgetMs = DEFAULT_BUDGET_MS,
  batchSize = BATCH,
}: {
  sourceId: string;
  budgetMs?: number;
  batchSize?: number;
}): Promise<RefreshSummariesResult> {
  const started = Date.now();
  const { rows: sources } = await pool().query<{ summary_template: string; summary_version: number }>(
    "SELECT summary_template, summary_version FROM sources WHERE id = $1::uuid",
    [sourceId],
  );
  const source = sources[0];
  if (!source) return { renamed: 0, complete: true };
  const version = source.summary_version;
  const template = compileSummaryTemplate(source.summary_template);
  let renamed = 0;
  let cursor = null as { receivedAt: Date; id: string } | null;

  for (;;) {
    const { rows } = await pool().query<EventToName>(
      `SELECT id, received_at, payload, headers FROM events
        WHERE source_id = $1::uuid AND (summary_version IS NULL OR summary_version < $2)
          ${cursor ? "AND (received_at, id) < ($4, $5::uuid)" : ""}
        ORDER BY received_at DESC, id DESC LIMIT $3`,
      cursor ? [sourceId, version, batchSize, cursor.receivedAt, cursor.id] : [sourceId, version, batchSize],
    );
    if (rows.length === 0) break;
    const summaries = rows.map((row) => template.render({ body: row.payload ?? null, headers: row.headers ?? {} }));
    const { rowCount } = await pool().query(
      `UPDATE events e SET summary = u.summary, summary_version = $3
         FROM unnest($1::uuid[], $2::text[]) AS u(id, summary)
        WHERE e.id = u.id AND (e.summary_version IS NULL OR e.summary_version < $3)
          AND EXISTS (SELECT 1 FROM sources s WHERE s.id = e.source_id AND s.summary_version = $3)`,
      [rows.map((row) => row.id), summaries, version],
    );
    renamed += rowCount ?? 0;
    const last: EventToName = rows[rows.length - 1]!;
    cursor = { receivedAt: last.received_at, id: last.id };
    if (rows.length < batchSize) break;
    if (Date.now() - started > budgetMs) {
      await enqueueSummaryRefresh({ sourceId });
      log.info("event summaries refresh continues in another job", { sourceId, renamed });
      return { renamed, complete: false };
    }
  }
  // Done only for the version it ran with: a change meanwhile leaves the refresh due.
  await pool().query("UPDATE sources SET summary_refreshed_version = $2 WHERE id = $1::uuid AND summary_version = $2", [sourceId, version]);
  if (renamed > 0) log.info("event summaries refreshed", { sourceId, renamed, version });
  return { renamed, complete: true };
}
