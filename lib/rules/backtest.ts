// Backtest: runs a draft rule's conditions over a source's last N stored events and compares with
// the saved version. Only the fields the conditions read are fetched (jsonb paths projected in
// SQL), so 100,000 events cost a small transfer and one compiled evaluation each.
import { z } from "zod";
import { db, pool } from "@/lib/db";
import { compileConditions } from "@/lib/rules/evaluate";
import type { KeySegment, PathSegment } from "@/lib/json-path/body-path";
import { parseField, type ParsedField } from "@/lib/rules/fields";
import { readRuleConditions } from "@/lib/rules/rule-codec";
import { ConditionsInput } from "@/lib/rules/rule-input";
import type { ConditionGroup } from "@/lib/rules/schema";
import type { EvaluationContext } from "@/lib/rules/types";
import { summaryColumns, summaryReader, type SummaryColumns } from "@/lib/summaries/event-summaries";

export const BACKTEST_DEFAULT_LIMIT = 1000;
export const BACKTEST_MAX_LIMIT = 100_000;
const EXAMPLES = 5;

export const BacktestInput = z.strictObject({
  conditions: ConditionsInput,
  /** Compare with this saved rule's current conditions. */
  ruleId: z.uuid().optional(),
  limit: z.number().int().min(1).max(BACKTEST_MAX_LIMIT).default(BACKTEST_DEFAULT_LIMIT),
});
export type BacktestInput = z.input<typeof BacktestInput>;

export const BacktestExample = z.object({
  eventId: z.uuid(),
  receivedAt: z.iso.datetime(),
  eventType: z.string().nullable(),
  summary: z.string().nullable().describe("The event's name, from its source's summary template."),
});
export type BacktestExample = z.infer<typeof BacktestExample>;

export const BacktestResult = z
  .object({
    evaluated: z.number().int().describe("Stored events the conditions ran over (newest first, up to `limit`)."),
    matched: z.number().int(),
    matchedExamples: z.array(BacktestExample),
    unmatchedExamples: z.array(BacktestExample),
    comparison: z
      .object({
        savedMatched: z.number().int(),
        newlyMatched: z.number().int(),
        noLongerMatched: z.number().int(),
        newlyMatchedExamples: z.array(BacktestExample),
        noLongerMatchedExamples: z.array(BacktestExample),
      })
      .nullable()
      .describe("Against the saved rule given in `ruleId`; null without one."),
    durationMs: z.number().int(),
  })
  .describe("How the conditions would have matched the source's recent events.");
export type BacktestResult = z.infer<typeof BacktestResult>;

export function fieldsOf(group: ConditionGroup): string[] {
  return group.rules.flatMap((node) => ("rules" in node ? fieldsOf(node) : [node.field]));
}

export interface Projection {
  alias: string;
  sql: string;
  place: (ctx: EvaluationContext, value: unknown) => void;
}

function setAt(root: Record<string, unknown>, path: readonly KeySegment[], value: unknown): void {
  let current: Record<string, unknown> | unknown[] = root;
  path.forEach((segment, index) => {
    const last = index === path.length - 1;
    const key = segment.index !== undefined && Array.isArray(current) ? segment.index : segment.key;
    const container = current as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const next = path[index + 1]!;
    container[key] ??= next.index !== undefined ? [] : {};
    current = container[key] as Record<string, unknown> | unknown[];
  });
}

const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The keys and indexes before the first `[key=value]` match: what SQL can extract by path. */
function keyPrefix(path: readonly PathSegment[]): KeySegment[] {
  const end = path.findIndex((segment) => segment.selector !== undefined);
  return (end < 0 ? path : path.slice(0, end)) as KeySegment[];
}

// Each path is extracted once, as text: SQL NULL means the path is missing, the text "null" a
// JSON null that is present (a jsonb column could not tell the two apart once decoded). A path
// with a `[key=value]` match is extracted up to the array it searches; the match runs here.
function projectionFor(field: ParsedField, alias: string): Projection | null {
  switch (field.kind) {
    case "body": {
      const path = keyPrefix(field.path);
      if (path.length === 0) return { alias, sql: `payload AS ${alias}`, place: (ctx, value) => void (ctx.event.body = value) };
      return {
        alias,
        sql: `(payload #> ARRAY[${path.map((s) => quoteLiteral(s.key)).join(",")}]::text[])::text AS ${alias}`,
        place: (ctx, value) => {
          if (typeof value !== "string") return;
          ctx.event.body ??= {};
          if (typeof ctx.event.body === "object" && ctx.event.body !== null) setAt(ctx.event.body as Record<string, unknown>, path, JSON.parse(value));
        },
      };
    }
    case "header":
      return {
        alias,
        sql: `headers ->> ${quoteLiteral(field.name.toLowerCase())} AS ${alias}`,
        place: (ctx, value) => {
          if (typeof value === "string") (ctx.event.headers as Record<string, string>)[field.name.toLowerCase()] = value;
        },
      };
    case "headers":
      return { alias, sql: `headers AS ${alias}`, place: (ctx, value) => void (ctx.event.headers = (value ?? {}) as Record<string, string>) };
    default:
      return null; // event.*, source.*, routing, tags: always present in the base columns or empty
  }
}

/** What to SELECT (beside the base columns) to evaluate conditions on these fields, and where each value goes. */
export function fieldProjections(fields: readonly string[]): Projection[] {
  return fields.flatMap((field, index) => {
    const parsed = parseField(field);
    const projection = parsed.ok ? projectionFor(parsed.field, `f${index}`) : null;
    return projection ? [projection] : [];
  });
}

/** The SELECT a backtest runs for these fields ($1 source id, $2 limit); exported for bench/. */
export function backtestQuery(fields: readonly string[]): { sql: string; projections: Projection[] } {
  const projections = fieldProjections(fields);
  const columns = ["id", "received_at", "event_type", "method", ...projections.map((projection) => projection.sql)].join(", ");
  // The window is found from the index alone (source_id, received_at, id): only narrow rows are
  // sorted, never payloads. Payloads are stored uncompressed since 20261207400001 (read as they
  // are); one stored before that, compressed, would be decompressed again for every path read from
  // it, so the inner query hands the outer one a decompressed copy of those (`|| '{}'` builds a new
  // value, for objects only: on an array it would append; OFFSET 0 keeps the planner from folding
  // the two queries): six paths, one decompression.
  return {
    sql: `SELECT ${columns} FROM (
            SELECT id, received_at, event_type, method, headers,
                   CASE WHEN pg_column_compression(payload) IS NULL THEN payload
                        WHEN jsonb_typeof(payload) = 'object' THEN payload || '{}'::jsonb ELSE payload END AS payload
            FROM events
            WHERE id IN (SELECT id FROM events WHERE source_id = $1::uuid ORDER BY received_at DESC, id DESC LIMIT $2)
            OFFSET 0
          ) recent ORDER BY received_at DESC, id DESC`,
    projections,
  };
}

/** Fills in the examples' summaries: one small query for the twenty events at most, not one per event evaluated. */
export async function nameExamples(examples: BacktestExample[]): Promise<void> {
  if (examples.length === 0) return;
  const { rows } = await pool().query<SummaryColumns & { id: string }>(
    `SELECT e.id, ${summaryColumns("e", "s")} FROM events e JOIN sources s ON s.id = e.source_id WHERE e.id = ANY($1::uuid[])`,
    [[...new Set(examples.map((example) => example.eventId))]],
  );
  const summaryOf = summaryReader();
  const summaries = new Map(rows.map((row) => [row.id, summaryOf(row)]));
  for (const example of examples) example.summary = summaries.get(example.eventId) ?? null;
}

export async function backtestRule({ sourceId, input }: { sourceId: string; input: BacktestInput }): Promise<BacktestResult | null> {
  const started = Date.now();
  const { conditions, ruleId, limit } = BacktestInput.parse(input);
  const source = await db().source.findUnique({ where: { id: sourceId }, select: { id: true, name: true } });
  if (!source) return null;
  const saved = ruleId ? await db().rule.findFirst({ where: { id: ruleId, sourceId } }) : null;
  const savedConditions = saved ? readRuleConditions(saved.conditions, { table: "rules", ruleId: saved.id, version: saved.version }) : null;

  const fields = [...new Set([...fieldsOf(conditions), ...(savedConditions ? fieldsOf(savedConditions) : [])])];
  const { sql, projections } = backtestQuery(fields);
  // Plain pg for the one big read: up to 100,000 rows, where a driver's per-row overhead shows.
  const { rows } = await pool().query<Record<string, unknown> & { id: string; received_at: Date; event_type: string | null; method: string }>(sql, [sourceId, limit]);

  const draftTest = compileConditions(conditions);
  const savedTest = savedConditions && saved?.enabled ? compileConditions(savedConditions) : null;
  const example = (row: (typeof rows)[number]): BacktestExample => ({ eventId: row.id, receivedAt: row.received_at.toISOString(), eventType: row.event_type, summary: null });
  const result: BacktestResult = { evaluated: rows.length, matched: 0, matchedExamples: [], unmatchedExamples: [], comparison: null, durationMs: 0 };
  const comparison = { savedMatched: 0, newlyMatched: 0, noLongerMatched: 0, newlyMatchedExamples: [] as BacktestExample[], noLongerMatchedExamples: [] as BacktestExample[] };

  for (const row of rows) {
    const ctx: EvaluationContext = { event: { id: row.id, type: row.event_type, method: row.method, headers: {}, body: null }, source };
    for (const projection of projections) projection.place(ctx, row[projection.alias]);
    const matches = draftTest(ctx);
    if (matches) {
      result.matched++;
      if (result.matchedExamples.length < EXAMPLES) result.matchedExamples.push(example(row));
    } else if (result.unmatchedExamples.length < EXAMPLES) result.unmatchedExamples.push(example(row));
    if (saved) {
      const before = savedTest ? savedTest(ctx) : false;
      if (before) comparison.savedMatched++;
      if (matches && !before && comparison.newlyMatched++ < EXAMPLES) comparison.newlyMatchedExamples.push(example(row));
      if (!matches && before && comparison.noLongerMatched++ < EXAMPLES) comparison.noLongerMatchedExamples.push(example(row));
    }
  }
  result.comparison = saved ? comparison : null;
  await nameExamples([result.matchedExamples, result.unmatchedExamples, comparison.newlyMatchedExamples, comparison.noLongerMatchedExamples].flat());
  result.durationMs = Date.now() - started;
  return result;
}
