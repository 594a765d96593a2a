// Whole-chain backtest: all of a source's rules, in order, run by the routing engine's own compiled
// chain (compileRules: stop / ignore / disabled exactly as the worker applies them) over the last N
// stored events, and compared with what those events actually got (their stored tags and the
// destinations they were delivered to): "+3 Billing, −1 Urgent desk", with named examples.
// The read is backtestQuery's: only the fields the conditions use are fetched (the whole payload
// only when a rule sets routing fields from templates, which may read any of it).
import { db, pool } from "@/lib/db";
import { backtestQuery, nameExamples, type BacktestExample } from "@/lib/rules/backtest";
import { compileRules } from "@/lib/rules/evaluate";
import { ruleSchema, type ConditionGroup, type Rule } from "@/lib/rules/schema";
import type { EvaluationContext } from "@/lib/rules/types";
import { listRules } from "@/lib/rules/list-rules";

const EXAMPLES = 3;

export interface ChainChange {
  kind: "destination" | "tag";
  /** Destination id or tag. */
  key: string;
  /** Destination name or tag. */
  label: string;
  /** Events the chain would now give this and did not get it. */
  gained: number;
  /** Events that got it and the chain would no longer give it. */
  lost: number;
  gainedExamples: BacktestExample[];
  lostExamples: BacktestExample[];
}

export interface ChainBacktest {
  evaluated: number;
  rules: number;
  outcomes: { routed: number; ignored: number; unmatched: number };
  /** Only destinations and tags with a difference, largest first. */
  changes: ChainChange[];
  durationMs: number;
}

function fieldsOf(group: ConditionGroup): string[] {
  return group.rules.flatMap((node) => ("rules" in node ? fieldsOf(node) : [node.field]));
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
  received_at: Date;
  event_type: string | null;
  method: string;
  stored_tags: string[];
  stored_destinations: string[] | null;
};

export async function backtestChain({
  sourceId,
  limit,
}: {
  sourceId: string;
  limit: number;
}): Promise<ChainBacktest | null> {
  const started = Date.now();
  const source = await db().source.findUnique({ where: { id: sourceId }, select: { id: true, name: true } });
  const views = source ? await listRules({ sourceId }) : null;
  if (!source || !views) return null;
  const rules: Rule[] = views.flatMap((view) => {
    const parsed = ruleSchema.safeParse(view);
    return parsed.success ? [parsed.data] : [];
  });
  const setsRouting = rules.some((rule) => rule.actions.some((action) => action.type === "setRouting"));
  const fields = [
    ...new Set([...rules.flatMap((rule) => fieldsOf(rule.conditions)), ...(setsRouting ? ["body", "headers"] : [])]),
  ];
  const { sql, projections } = backtestQuery(fields);
  const { rows } = await pool().query<Row>(
    `SELECT r.*, e.tags AS stored_tags,
            (SELECT array_agg(DISTINCT d.destination_id::text) FROM deliveries d WHERE d.event_id = r.id) AS stored_destinations
       FROM (${sql}) r JOIN events e ON e.id = r.id ORDER BY r.received_at DESC, r.id DESC`,
    [sourceId, limit],
  );

  const run = compileRules(rules);
  const changes = new Map<string, ChainChange>();
  const change = (kind: ChainChange["kind"], key: string): ChainChange => {
    const id = `${kind}:${key}`;
    let entry = changes.get(id);
    if (!entry)
      changes.set(id, (entry = { kind, key, label: key, gained: 0, lost: 0, gainedExamples: [], lostExamples: [] }));
    return entry;
  };
  const example = (row: Row): BacktestExample => ({
    eventId: row.id,
    receivedAt: row.received_at.toISOString(),
    eventType: row.event_type,
    summary: null,
  });
  const result: ChainBacktest = {
    evaluated: rows.length,
    rules: rules.length,
    outcomes: { routed: 0, ignored: 0, unmatched: 0 },
    changes: [],
    durationMs: 0,
  };

  for (const row of rows) {
    const ctx: EvaluationContext = {
      event: { id: row.id, type: row.event_type, method: row.method, headers: {}, body: null },
      source,
    };
    for (const projection of projections) projection.place(ctx, row[projection.alias]);
    const outcome = run(ctx, { trace: false });
    result.outcomes[outcome.outcome]++;
    const compare = (kind: ChainChange["kind"], now: Iterable<string>, before: Iterable<string>) => {
      const nowSet = new Set(now);
      const beforeSet = new Set(before);
      for (const key of nowSet)
        if (!beforeSet.has(key)) {
          const entry = change(kind, key);
          if (entry.gained++ < EXAMPLES) entry.gainedExamples.push(example(row));
        }
      for (const key of beforeSet)
        if (!nowSet.has(key)) {
          const entry = change(kind, key);
          if (entry.lost++ < EXAMPLES) entry.lostExamples.push(example(row));
        }
    };
    compare(
      "destination",
      outcome.forwards.map((forward) => forward.destinationId),
      row.stored_destinations ?? [],
    );
    compare("tag", outcome.tags, row.stored_tags);
  }

  result.changes = [...changes.values()].sort((a, b) => b.gained + b.lost - (a.gained + a.lost));
  const destinationIds = result.changes.filter((entry) => entry.kind === "destination").map((entry) => entry.key);
  if (destinationIds.length > 0) {
    const names = await db().destination.findMany({
      where: { id: { in: destinationIds } },
      select: { id: true, name: true },
    });
    for (const entry of result.changes)
      if (entry.kind === "destination")
        entry.label = names.find((named) => named.id === entry.key)?.name ?? "(deleted destination)";
  }
  await nameExamples(result.changes.flatMap((entry) => [...entry.gainedExamples, ...entry.lostExamples]));
  result.durationMs = Date.now() - started;
  return result;
}
