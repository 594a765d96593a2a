// The source page's live preview of a summary template: how it names the source's latest events
// (or, before any arrived, its provider's example event), and what is wrong with it.
import { pool } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { summaryPresetFor } from "@/lib/summaries/presets";
import { compileSummaryTemplate } from "@/lib/summaries/summary-template";

const PREVIEWED_EVENTS = 5;

export interface SummaryPreview {
  /** Problems with the template, each a sentence; empty when it is valid. */
  errors: string[];
  /** One line per event: its summary (null when the template named it nothing). */
  examples: Array<{ eventId: string | null; receivedAt: string | null; summary: string | null }>;
  /** True when the source has no events yet and the example is the provider's typical one. */
  fromPresetExample: boolean;
}

export async function previewSummaries({ sourceId, template }: { sourceId: string; template: string }): Promise<SummaryPreview | null> {
  if (!isUuid(sourceId)) return null;
  const { rows: sources } = await pool().query<{ scheme: string }>("SELECT scheme FROM sources WHERE id = $1::uuid", [sourceId]);
  const source = sources[0];
  if (!source) return null;
  const compiled = compileSummaryTemplate(template.trim());
  const { rows } = await pool().query<{ id: string; received_at: Date; payload: unknown; headers: Record<string, string> | null }>(
    "SELECT id, received_at, payload, headers FROM events WHERE source_id = $1::uuid ORDER BY received_at DESC, id DESC LIMIT $2",
    [sourceId, PREVIEWED_EVENTS],
  );
  if (rows.length === 0) {
    const example = summaryPresetFor(source.scheme).example;
    return { errors: compiled.errors, examples: [{ eventId: null, receivedAt: null, summary: compiled.render(example) }], fromPresetExample: true };
  }
  return {
    errors: compiled.errors,
    examples: rows.map((row) => ({
      eventId: row.id,
      receivedAt: row.received_at.toISOString(),
      summary: compiled.render({ body: row.payload ?? null, headers: row.headers ?? {} }),
    })),
    fromPresetExample: false,
  };
}
