// Whole-chain backtest: all of a source's rules, in order, run by the routing engine's own compiled
// chain (compileRules: stop / ignore / disabled exactly as the worker applies them) over a window of
// its stored events, shown as what changes per destination and tag ("+3 Billing, −1 Urgent desk")
// with named examples.
//   * Without a draft, the chain is compared with what the events actually got: their stored tags
//     and the destinations they were delivered to ("what would my rules do today").
//   * With a draft (the rule builder: "what changes if I save this"), the draft takes its rule's
//     place in the chain (a new rule goes last) and the chain with it is compared with the saved
//     chain, both run on the same events now, so only the draft's effect shows.
//
// Speed (bench:backtest, 100,000 events): only the fields the conditions read are fetched (jsonb
// paths projected in SQL; the whole payload only when a rule's templates may read any of it), the
// window's wide rows are never sorted (one narrow query finds where the window ends, then the rows
// are read unordered), and the window is read in slices on two connections while this process
// evaluates the slices already read, so PostgreSQL and the evaluation overlap.
import { z } from "zod";
import { db, pool } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { BACKTEST_MAX_LIMIT, BacktestExample, fieldProjections, fieldsOf, nameExamples, type Projection } from "@/lib/rules/backtest";
import { compileRules, type CompiledRules } from "@/lib/rules/evaluate";
import { listRules } from "@/lib/rules/list-rules";
import { RuleInput } from "@/lib/rules/rule-input";
import { ruleSchema, type Rule } from "@/lib/rules/schema";
import type { EvaluationContext } from "@/lib/rules/types";

export const CHAIN_BACKTEST_DEFAULT_LIMIT = 10_000;
// The same bound as one rule's backtest: the panels share one "at most" box.
export const CHAIN_BACKTEST_MAX_LIMIT = BACKTEST_MAX_LIMIT;
const EXAMPLES = 3;
/** Rows per slice read on its own connection. */
const SLICE_ROWS = 12_500;
const READ_CONNECTIONS = 2;
const NONE: readonly string[] = [];

export const CHAIN_PERIODS = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

export const ChainBacktestInput = z.strictObject({
  limit: z
    .number()
    .int()
    .min(1)
    .max(CHAIN_BACKTEST_MAX_LIMIT)
    .default(CHAIN_BACKTEST_DEFAULT_LIMIT)
    .describe("At most this many of the newest events in the window (default 10,000, at most 100,000)."),
  period: z
    .enum(["hour", "day", "week", "all"])
    .default("all")
    .describe("The window: events received in the last hour, day or week, or all stored events; cut at `limit`."),
  draft: z
    .strictObject({
      ruleId: z.uuid().optional().describe("The saved rule the draft replaces in the chain; without it the draft is a new rule placed last."),
      rule: RuleInput,
    })
    .optional()
    .describe("An unsaved rule: the answer is then what changes if it were saved, against the saved rules."),
});
export type ChainBacktestInput = z.input<typeof ChainBacktestInput>;

export const ChainChange = z.object({
  kind: z.enum(["destination", "tag"]),
  key: z.string().describe("Destination id or tag."),
  label: z.string().describe("Destination name or tag."),
  gained: z.number().int().describe("Events that would now get it and did not."),
  lost: z.number().int().describe("Events that got it and no longer would."),
  gainedExamples: z.array(BacktestExample),
  lostExamples: z.array(BacktestExample),
});
export type ChainChange = z.infer<typeof ChainChange>;

export const ChainBacktestResult = z
  .object({
    evaluated: z.number().int().describe("Stored events the chain ran over."),
    truncated: z.boolean().describe("True when the window held more events than `limit`: only the newest `limit` were run."),
    oldestReceivedAt: z.iso.datetime().nullable().describe("The oldest event run over; null when none."),
    newestReceivedAt: z.iso.datetime().nullable(),
    rules: z.number().int().describe("Rules in the chain that ran (the draft included)."),
    comparedWith: z.enum(["stored", "saved"]).describe("`stored`: what the events got when they were routed; `saved`: the saved rules run now (with a draft)."),
    draft: z.object({ ruleId: z.uuid().nullable(), position: z.number().int() }).nullable().describe("Where the draft ran (1-based position); null without one."),
    outcomes: z.object({ routed: z.number().int(), ignored: z.number().int(), unmatched: z.number().int() }),
    changedEvents: z.number().int().describe("Events whose destinations or tags would differ."),
    changes: z.array(ChainChange).describe("Only destinations and tags with a difference: destinations first, then tags, each largest first."),
    summary: z.string().describe('The changes in words: "+3 Billing, −1 urgent".'),
    durationMs: z.number().int(),
  })
  .describe("What a source's whole rule chain would change over its stored events.");
export type ChainBacktestResult = z.infer<typeof ChainBacktestResult>;

/** The draft named a rule that is not in the source's chain. */
export class DraftRuleNotFoundError extends Error {
  override readonly name = "DraftRuleNotFoundError";
  constructor() {
    super("The rule being edited is no longer in this source's chain. Reload the page.");
  }
}

/** "+3 Billing, −1 Urgent desk" */
export function describeChanges(changes: readonly ChainChange[]): string {
  const parts = changes.flatMap((change) => [
    ...(change.gained > 0 ? [`+${change.gained} ${change.label}`] : []),
    ...(change.lost > 0 ? [`−${change.lost} ${change.label}`] : []),
  ]);
  return parts.length > 0 ? parts.join(", ") : "No changes";
}

type Row = Record<string, unknown> & {
  id: string;
  /** received_at in epoch milliseconds: a number parses far cheaper than a timestamp. */
  received_ms: number;
  event_type: string | null;
  method: string;
  tags: string[];
};

/** A position in the newest-first order of a source's events. */
type Mark = { receivedAt: Date; id: string } | null;

interface Window {
  /** The first event past the window (older than every event in it); null when the window holds all. */
  pastEnd: Mark;
  /** Slices, newest first: events after `after` (exclusive) up to `upTo` (inclusive). */
  slices: Array<{ after: Mark; upTo: Mark }>;
}

// One narrow, index-ordered read finds where the window ends (the first event past the newest
// `limit`) and where to cut it into slices. The rows are then read without ORDER BY, so their wide
// columns are never sorted.
async function findWindow(sourceId: string, since: Date, limit: number): Promise<Window> {
  const sliceRows = Math.max(SLICE_ROWS, Math.ceil(limit / 8));
  const { rows } = await pool().query<{ received_at: Date; id: string; n: string }>(
    `SELECT received_at, id, n FROM (
       SELECT received_at, id, row_number() OVER (ORDER BY received_at DESC, id DESC) AS n
         FROM events WHERE source_id = $1::uuid AND received_at >= $2
        ORDER BY received_at DESC, id DESC LIMIT $3::int + 1) w
      WHERE n % $4 = 0 OR n = $3::int + 1 ORDER BY n`,
    [sourceId, since, limit, sliceRows],
  );
  const marks = rows.map((row) => ({ receivedAt: row.received_at, id: row.id, n: Number(row.n) }));
  const pastEnd = marks.find((mark) => mark.n === limit + 1) ?? null;
  const cuts: Mark[] = [null, ...marks.filter((mark) => mark.n < limit)];
  const slices = cuts.map((upTo, index) => ({ upTo, after: cuts[index + 1] ?? pastEnd }));
  return { pastEnd, slices };
}

/** The window as SQL over `events` (alias-free), its values numbered from `from`. */
function windowWhere(sourceId: string, since: Date, after: Mark, upTo: Mark, from = 1): { sql: string; values: unknown[] } {
  const p = (offset: number) => `$${from + offset}`;
  return {
    sql: `source_id = ${p(0)}::uuid AND received_at >= ${p(1)}
          AND (${p(2)}::timestamptz IS NULL OR (received_at, id) > (${p(2)}::timestamptz, ${p(3)}::uuid))
          AND (${p(4)}::timestamptz IS NULL OR (received_at, id) <= (${p(4)}::timestamptz, ${p(5)}::uuid))`,
    values: [sourceId, since, after?.receivedAt ?? null, after?.id ?? null, upTo?.receivedAt ?? null, upTo?.id ?? null],
  };
}

function toRules(views: ReadonlyArray<unknown>): Rule[] {
  return views.flatMap((view) => {
    const parsed = ruleSchema.safeParse(view);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Whether a rule's templates may read any field (routing values), so the whole payload is needed. */
const readsAnything = (rule: Rule) => rule.actions.some((action) => action.type === "setRouting");

export async function backtestChain({ sourceId, input }: { sourceId: string; input: ChainBacktestInput }): Promise<ChainBacktestResult | null> {
  const started = Date.now();
  const { limit, period, draft } = ChainBacktestInput.parse(input);
  if (!isUuid(sourceId)) return null;
  const source = await db().source.findUnique({ where: { id: sourceId }, select: { id: true, name: true } });
  const views = source ? await listRules({ sourceId }) : null;
  if (!source || !views) return null;

  const saved = toRules(views);
  let chain = saved;
  let draftPlace: ChainBacktestResult["draft"] = null;
  if (draft) {
    const rule = ruleSchema.parse({ ...RuleInput.parse(draft.rule), id: draft.ruleId ?? "draft" });
    if (draft.ruleId) {
      const index = saved.findIndex((entry) => entry.id === draft.ruleId);
      if (index < 0) throw new DraftRuleNotFoundError();
      chain = saved.map((entry, at) => (at === index ? { ...rule, version: entry.version } : entry));
      draftPlace = { ruleId: draft.ruleId, position: index + 1 };
    } else {
      chain = [...saved, rule];
      draftPlace = { ruleId: null, position: chain.length };
    }
  }

  const considered = draft ? [...chain, ...saved] : chain;
  const wholePayload = considered.some(readsAnything);
  const fields = [...new Set([...considered.flatMap((rule) => fieldsOf(rule.conditions)), ...(wholePayload ? ["body", "headers"] : [])])];
  const projections = fieldProjections(fields);

  const since = period === "all" ? new Date(0) : new Date(Date.now() - CHAIN_PERIODS[period]);
  const window = await findWindow(sourceId, since, limit);
  // Delivered destinations per event (only without a draft), read beside the slices.
  const delivered = draft ? Promise.resolve(new Map<string, string[]>()) : readDeliveredDestinations(windowWhere(sourceId, since, window.pastEnd, null));
  // Awaited by the first slice; a failure is then thrown there (this only keeps it from being unhandled meanwhile).
  delivered.catch(() => undefined);

  const run = compileRules(chain);
  const before: CompiledRules | null = draft ? compileRules(saved) : null;
  const accumulator = new ChainAccumulator();
  const outcomes = { routed: 0, ignored: 0, unmatched: 0 };

  let destinations: Map<string, string[]> | null = null;
  const evaluate = async (rows: Row[]) => {
    destinations ??= await delivered;
    for (const row of rows) {
      const ctx: EvaluationContext = { event: { id: row.id, type: row.event_type, method: row.method, headers: {}, body: null }, source };
      for (const projection of projections) projection.place(ctx, row[projection.alias]);
      const now = run(ctx, { trace: false });
      outcomes[now.outcome]++;
      let beforeDestinations: readonly string[];
      let beforeTags: readonly string[];
      if (before) {
        // Each run starts its own tags and routing from the context, so both can share it.
        const then = before(ctx, { trace: false });
        beforeDestinations = then.forwards.map((forward) => forward.destinationId);
        beforeTags = then.tags;
      } else {
        beforeDestinations = destinations.get(row.id) ?? NONE;
        beforeTags = row.tags;
      }
      accumulator.compare(row, now.forwards.map((forward) => forward.destinationId), beforeDestinations, now.tags, beforeTags);
    }
  };

  await readSlices({ slices: window.slices.map(({ after, upTo }) => windowWhere(sourceId, since, after, upTo)), projections, onRows: evaluate });

  const changes = accumulator.changes();
  const destinationIds = changes.filter((entry) => entry.kind === "destination").map((entry) => entry.key);
  if (destinationIds.length > 0) {
    const names = await db().destination.findMany({ where: { id: { in: destinationIds } }, select: { id: true, name: true } });
    for (const entry of changes) if (entry.kind === "destination") entry.label = names.find((named) => named.id === entry.key)?.name ?? "(deleted destination)";
  }
  await nameExamples(changes.flatMap((entry) => [...entry.gainedExamples, ...entry.lostExamples]));
  return {
    evaluated: accumulator.evaluated,
    truncated: window.pastEnd !== null,
    oldestReceivedAt: accumulator.oldest === null ? null : new Date(accumulator.oldest).toISOString(),
    newestReceivedAt: accumulator.newest === null ? null : new Date(accumulator.newest).toISOString(),
    rules: chain.filter((rule) => rule.enabled).length,
    comparedWith: draft ? "saved" : "stored",
    draft: draftPlace,
    outcomes,
    changedEvents: accumulator.changedEvents,
    changes,
    summary: describeChanges(changes),
    durationMs: Date.now() - started,
  };
}

async function readDeliveredDestinations(window: { sql: string; values: unknown[] }): Promise<Map<string, string[]>> {
  const { rows } = await pool().query<{ event_id: string; destinations: string[] }>(
    `SELECT d.event_id, array_agg(DISTINCT d.destination_id::text) AS destinations FROM deliveries d
      WHERE d.event_id IN (SELECT id FROM events WHERE ${window.sql}) GROUP BY d.event_id`,
    window.values,
  );
  return new Map(rows.map((row) => [row.event_id, row.destinations]));
}

/** Reads the slices, at most READ_CONNECTIONS at a time, handing each to onRows as it arrives. */
async function readSlices({
  slices,
  projections,
  onRows,
}: {
  slices: Array<{ sql: string; values: unknown[] }>;
  projections: Projection[];
  onRows: (rows: Row[]) => Promise<void>;
}): Promise<void> {
  const columns = ["id", "(extract(epoch FROM received_at) * 1000)::float8 AS received_ms", "event_type", "method", "tags", ...projections.map((projection) => projection.sql)].join(", ");
  const queue = [...slices];
  let evaluation = Promise.resolve();
  const reader = async () => {
    for (let slice = queue.shift(); slice; slice = queue.shift()) {
      const { rows } = await pool().query<Row>(`SELECT ${columns} FROM events WHERE ${slice.sql}`, slice.values);
      // One slice evaluated at a time, in arrival order, while the next ones are read. A failure
      // surfaces at the final await (or a reader's own failure first); never unhandled meanwhile.
      evaluation = evaluation.then(() => onRows(rows));
      evaluation.catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONNECTIONS, slices.length) }, reader));
  await evaluation;
}

/** Gains and losses per destination and tag, keeping the newest examples of each. */
class ChainAccumulator {
  evaluated = 0;
  changedEvents = 0;
  oldest: number | null = null;
  newest: number | null = null;
  private readonly entries = new Map<string, ChainChange & { gainedAt: number[]; lostAt: number[] }>();

  compare(row: Row, nowDestinations: readonly string[], beforeDestinations: readonly string[], nowTags: readonly string[], beforeTags: readonly string[]): void {
    this.evaluated++;
    if (this.oldest === null || row.received_ms < this.oldest) this.oldest = row.received_ms;
    if (this.newest === null || row.received_ms > this.newest) this.newest = row.received_ms;
    const a = this.diff(row, "destination", nowDestinations, beforeDestinations);
    const b = this.diff(row, "tag", nowTags, beforeTags);
    if (a || b) this.changedEvents++;
  }

  // Lists of a few ids or tags: `includes` beats building sets, 100,000 times over.
  private diff(row: Row, kind: ChainChange["kind"], now: readonly string[], before: readonly string[]): boolean {
    if (now.length === 0 && before.length === 0) return false;
    let changed = false;
    for (const [index, key] of now.entries())
      if (!before.includes(key) && now.indexOf(key) === index) {
        changed = true;
        this.add(row, this.entry(kind, key), "gained");
      }
    for (const [index, key] of before.entries())
      if (!now.includes(key) && before.indexOf(key) === index) {
        changed = true;
        this.add(row, this.entry(kind, key), "lost");
      }
    return changed;
  }

  private entry(kind: ChainChange["kind"], key: string) {
    const id = `${kind}:${key}`;
    let entry = this.entries.get(id);
    if (!entry) this.entries.set(id, (entry = { kind, key, label: key, gained: 0, lost: 0, gainedExamples: [], lostExamples: [], gainedAt: [], lostAt: [] }));
    return entry;
  }

  // Rows arrive in no order: keep the EXAMPLES newest, newest first.
  private add(row: Row, entry: ChainChange & { gainedAt: number[]; lostAt: number[] }, side: "gained" | "lost"): void {
    entry[side]++;
    const examples = side === "gained" ? entry.gainedExamples : entry.lostExamples;
    const times = side === "gained" ? entry.gainedAt : entry.lostAt;
    const time = row.received_ms;
    if (times.length >= EXAMPLES && time <= times[times.length - 1]!) return;
    let at = times.findIndex((other) => time > other);
    if (at < 0) at = times.length;
    times.splice(at, 0, time);
    examples.splice(at, 0, { eventId: row.id, receivedAt: new Date(time).toISOString(), eventType: row.event_type, summary: null });
    if (times.length > EXAMPLES) {
      times.pop();
      examples.pop();
    }
  }

  changes(): ChainChange[] {
    return [...this.entries.values()]
      .map(({ gainedAt: _gainedAt, lostAt: _lostAt, ...change }) => change)
      // Destinations first (where events go), then tags; each the largest first.
      .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "destination" ? -1 : 1) || b.gained + b.lost - (a.gained + a.lost) || a.label.localeCompare(b.label));
  }
}
