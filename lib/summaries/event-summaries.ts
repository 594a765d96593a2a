// Reading event summaries. Routing writes each event's summary (lib/pipeline/routing/route-events.ts)
// with the version of its source's template; a list shows that stored text while it is current.
// An event not routed yet, stored before summaries existed, or named by a template changed since
// (until the refresh job gets to it: ./refresh-event-summaries.ts) is named here, on read, from its
// body and headers. Only such stale rows bring their payload along, so a list of current rows
// reads no bodies.
import { compileSummaryTemplate, type CompiledSummaryTemplate } from "@/lib/summaries/summary-template";

/**
 * The columns summaryOf needs, for a SELECT over `events <event>` joined to `sources <source>`.
 * `summaryColumns("e", "s")` → e.summary, and the payload and headers only when it is stale.
 */
export function summaryColumns(event: string, source: string): string {
  const stale = `${event}.summary_version IS DISTINCT FROM ${source}.summary_version`;
  return `${event}.summary AS summary_stored, (${stale}) AS summary_stale, ${source}.summary_template AS summary_template,
          CASE WHEN ${stale} THEN ${event}.payload END AS summary_payload,
          CASE WHEN ${stale} THEN ${event}.headers END AS summary_headers`;
}

/** A row carrying summaryColumns. */
export interface SummaryColumns {
  summary_stored: string | null;
  summary_stale: boolean;
  summary_template: string;
  summary_payload: unknown;
  summary_headers: unknown;
}

function headersOf(value: unknown): Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

/**
 * Names rows read with summaryColumns. One per request or list: each distinct template is compiled
 * once.
 */
export function summaryReader(): (row: SummaryColumns) => string | null {
  const compiled = new Map<string, CompiledSummaryTemplate>();
  return (row) => {
    if (!row.summary_stale) return row.summary_stored;
    let template = compiled.get(row.summary_template);
    if (!template) {
      template = compileSummaryTemplate(row.summary_template);
      compiled.set(row.summary_template, template);
    }
    return template.render({ body: row.summary_payload ?? null, headers: headersOf(row.summary_headers) });
  };
}

/** One event's summary from what a detail page already loaded (its body and headers are at hand). */
export function summarizeLoadedEvent({
  summary,
  summaryVersion,
  payload,
  headers,
  source,
}: {
  summary: string | null;
  summaryVersion: number | null;
  payload: unknown;
  headers: Record<string, string>;
  source: { summaryTemplate: string; summaryVersion: number };
}): string | null {
  if (summaryVersion === source.summaryVersion) return summary;
  return compileSummaryTemplate(source.summaryTemplate).render({ body: payload ?? null, headers });
}
