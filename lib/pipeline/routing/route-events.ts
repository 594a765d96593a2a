// Routes stored events through their sources' rules, a batch at a time (the worker hands over the
// route-event jobs it fetched together). For the whole batch, in ONE transaction: every routing run
// (trace of every rule and condition, with rule versions), every event's outcome, tags and routing
// fields, and a Delivery per forward with its `deliver` job. Idempotent: a run is unique per
// (event, run key), so a job pg-boss delivers twice creates nothing the second time.
// Hot path (every event), on plain pg: one query loads the batch's events with their sources' rules
// and the destinations those forward to (planned once per connection, as lookups: lookupPool in
// lib/db.ts; each source's rules and summary template compiled once per batch), one prepared
// statement writes runs, deliveries (and an inbox's messages) and events, one inserts the jobs. A
// worker with room attempts the deliveries it routed itself, at once
// (lib/pipeline/dispatch/hand-off.ts); their jobs are then a safety net, due later. Each event's
// summary (lib/summaries) is rendered here and written by that same UPDATE of the event: no
// statement of its own, and nothing added to the receiver's path. One event at a time this cost
// ~5 ms of round trips each; batched, those round trips are shared by the whole batch.
import { randomUUID } from "node:crypto";
import { v7 as timeOrderedUuid } from "uuid";
import { inPipelinedTransaction, lookupPool, lookupStatement, pool, prepared } from "@/lib/db";
import type { RoutingTrigger } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { instruments } from "@/lib/metrics/instruments";
import { safetyNetDelaySeconds, type DeliveryHandOff, type HandedOffBatch } from "@/lib/pipeline/dispatch/hand-off";
import { newWebhookId } from "@/lib/pipeline/dispatch/webhook-id";
import { enqueueHandedOff, enqueueNewDeliveries, JOB_DELIVERIES, jobStatements } from "@/lib/queue";
import { compileRules, type CompiledRules } from "@/lib/rules/evaluate";
import { ruleSchema, type Rule } from "@/lib/rules/schema";
import { compileOrderingKey, type OrderingKeyRenderer } from "@/lib/ordering/schema";
import { compileSummaryTemplate, type CompiledSummaryTemplate } from "@/lib/summaries/summary-template";
import { pipelineTracer, type RoutingSpan } from "@/lib/tracing/pipeline-tracer";

const log = logger("routing");

export type RouteEventResult = "routed" | "already_routed" | "missing";

export interface RouteEventJob {
  eventId: string;
  /** "received" for the first run; a fresh key per replay. */
  runKey?: string;
  trigger?: RoutingTrigger;
}

interface LoadedEvent {
  position: number;
  id: string;
  source_id: string;
  event_type: string | null;
  method: string;
  headers: Record<string, string>;
  payload: unknown;
  /** The receive span's traceparent (lib/tracing): null when the event was not traced. */
  trace_parent: string | null;
  received_at: Date;
  already: boolean;
}

interface LoadedDestination {
  id: string;
  ordering_key: string | null;
  timeout_ms: number;
  rate_limited: boolean;
  inbox: boolean;
}

/** What routing's write made: its runs, and the deliveries to send as [delivery id, destination id] (an inbox's aside). */
interface Written {
  runs: Array<[string, string]>;
  deliveries: Array<[string, string]>;
  inbox_destination_ids: string[];
}

interface LoadedSource {
  id: string;
  name: string;
  summary_template: string;
  summary_version: number;
  rules: Array<{ id: string; name: string; enabled: boolean; version: number; conditions: unknown; actions: unknown }>;
}

// Everything routing a batch reads, in one round trip: the batch's events (a job whose event is
// gone has no row) and whether each run was made before; their sources with rules in order; and
// every destination those rules forward to, with its ordering key and timeout. One row per event
// (payloads can be large: never aggregated into one value), in the batch's order: its deliveries are
// made, and listed, in that order, and a join alone keeps none. The sources and destinations, as JSON,
// ride on the first row. (A destination id in a rule is compared as text: a stored rule that somehow
// held a malformed id must not fail the whole batch's read.) Whether a run was made before is a join
// on (event, run key): written as EXISTS, its generic plan hashed every run of the table on each call.
const LOAD = lookupStatement(`
  WITH ev AS MATERIALIZED (
    SELECT j.position::int AS position, e.id, e.source_id, e.event_type, e.method, e.headers, e.payload, e.trace_parent, e.received_at,
           r.id IS NOT NULL AS already
    FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS j(event_id, run_key, position)
    JOIN events e ON e.id = j.event_id
    LEFT JOIN routing_runs r ON r.event_id = e.id AND r.run_key = j.run_key
  ), src AS MATERIALIZED (
    SELECT s.id, s.name, s.summary_template, s.summary_version,
           coalesce((SELECT json_agg(json_build_object('id', ru.id, 'name', ru.name, 'enabled', ru.enabled, 'version', ru.version,
                                                       'conditions', ru.conditions, 'actions', ru.actions)
                                     ORDER BY ru.position, ru.created_at)
                     FROM rules ru WHERE ru.source_id = s.id), '[]') AS rules
    FROM sources s WHERE s.id IN (SELECT source_id FROM ev WHERE NOT already)
  ), dst AS (
    SELECT d.id, d.ordering_key, d.timeout_ms, d.rate_limit_per_second IS NOT NULL AS rate_limited, d.kind = 'inbox' AS inbox FROM destinations d
    WHERE d.id::text IN (SELECT jsonb_array_elements_text(a->'destinationIds')
                         FROM rules ru CROSS JOIN jsonb_array_elements(CASE WHEN jsonb_typeof(ru.actions) = 'array' THEN ru.actions ELSE '[]' END) a
                         WHERE ru.source_id IN (SELECT id FROM src) AND a->>'type' = 'forward' AND jsonb_typeof(a->'destinationIds') = 'array')
  )
  SELECT ev.*, extra.sources, extra.destinations
  FROM ev LEFT JOIN (
    SELECT (SELECT min(position) FROM ev) AS position,
           coalesce((SELECT json_agg(src) FROM src), '[]') AS sources,
           coalesce((SELECT json_agg(dst) FROM dst), '[]') AS destinations
  ) extra ON extra.position = ev.position
  ORDER BY ev.position`);

/** Routing's batch read, exported for its test (route-events.int.test.ts counts the rows it reads). */
export { LOAD as routingLoad };

// Runs, deliveries and the events' new state in one statement. A run that already exists (a
// concurrent or earlier run with its key) is not inserted, and then nothing else is written for
// it either. A destination deleted since the rule was saved gets no delivery (the join drops it);
// the trace keeps the forward. Tags travel as JSON arrays (an array of arrays must be rectangular).
// Its cost (stop 42, auto_explain at 1,000 events/s): the UPDATE of events took ~45% of this
// statement's time, the runs' insert ~12%, the deliveries' ~17%. It rewrites the whole ~3 KB row
// (never HOT: status is indexed) and adds an entry to every index of the table. Alone, on a quiet
// server, in batches of 50: ~0.11-0.15 ms a row, against ~0.06 to insert the same outcome into a
// narrow table of its own with a foreign key to events (~0.02-0.03 without the key). Stop 44 let
// the UPDATE be HOT instead: status's index dropped and the table's fillfactor 70. (Dropping the
// index alone gave no HOT update: the pages are full. With both, 2 updates in 3 were HOT when 600
// events were routed 3 at a time.)
// bench:routing in alternated pairs: WAL per event fell a third (200/s: 14.4 → 10.0 KB; 1,000/s:
// 14.2 → 9.5), but PostgreSQL's CPU per event did not move (200/s: 4.31-4.33 ms against 4.28-4.29;
// 1,000/s: 0.72 and 0.82 in the two phases against 0.74 and 0.82-0.85), nor did the latencies. So
// moving the outcome off the events row would save WAL (disk, replicas), not time; and the events
// list's status filter would need another index.
const WRITE = prepared("route-write", `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::"RoutingTrigger"[], $4::text[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::"EventStatus"[],
                         $16::text[], $17::int[], $25::uuid[])
      AS i(event_id, run_key, trigger, outcome, tags, routing, trace, status, summary, summary_version, run_id)
  ), run AS (
    INSERT INTO routing_runs (id, event_id, run_key, trigger, outcome, tags, routing, trace)
    SELECT run_id, event_id, run_key, trigger, outcome, ARRAY(SELECT jsonb_array_elements_text(tags)), routing, trace FROM input
    ON CONFLICT (event_id, run_key) DO NOTHING
    RETURNING id, event_id, run_key
  ), deliveries AS (
    INSERT INTO deliveries (id, event_id, destination_id, routing_run_id, rule_id, rule_version, webhook_id, body, trace_parent, ordering_key, ordering_at, updated_at)
    SELECT f.id, f.event_id, f.destination_id, run.id, f.rule_id, f.rule_version, f.webhook_id, f.body, f.trace_parent, f.ordering_key,
           CASE WHEN f.ordering_key IS NOT NULL THEN f.received_at END, now()
    FROM unnest($9::uuid[], $10::text[], $11::uuid[], $12::uuid[], $13::int[], $14::text[], $15::bytea[], $18::text[], $19::text[], $20::timestamptz[], $24::uuid[])
           AS f(event_id, run_key, destination_id, rule_id, rule_version, webhook_id, body, trace_parent, ordering_key, received_at, id)
    JOIN run ON run.event_id = f.event_id AND run.run_key = f.run_key
    JOIN destinations d ON d.id = f.destination_id
    RETURNING id, destination_id
  ), inbox AS (
    -- An inbox's deliveries become inbox messages for agents to pull; they get no deliver job.
    INSERT INTO inbox_messages (id, destination_id, delivery_id)
    -- Its id was made with the delivery's when the load saw an inbox; a destination turned inbox
    -- since then (never, today) would get a random one.
    SELECT coalesce(m.id, gen_random_uuid()), x.destination_id, x.id FROM deliveries x JOIN destinations d ON d.id = x.destination_id AND d.kind = 'inbox'
    JOIN unnest($24::uuid[], $26::uuid[]) AS m(delivery_id, id) ON m.delivery_id = x.id
    RETURNING delivery_id, destination_id
  ), updated AS (
    UPDATE events e SET status = i.status, tags = ARRAY(SELECT jsonb_array_elements_text(i.tags)), routing = i.routing, processed_at = now(),
                        -- A refresh that named it with a newer template meanwhile wins.
                        summary = CASE WHEN e.summary_version > i.summary_version THEN e.summary ELSE i.summary END,
                        summary_version = GREATEST(e.summary_version, i.summary_version)
    FROM input i JOIN run ON run.event_id = i.event_id AND run.run_key = i.run_key
    WHERE e.id = i.event_id
  ), counted AS (
    -- The rules list's match counts: one row per rule and 5-minute bucket for the whole batch,
    -- only for runs made now (a job delivered twice counts once). In rule order, so two batches
    -- upserting the same rules take their row locks in the same order. A rule deleted meanwhile is
    -- left out (the join), not a foreign-key failure of the batch.
    INSERT INTO rule_match_counts (rule_id, bucket, matches)
    SELECT m.rule_id, date_bin('5 minutes', now(), TIMESTAMPTZ '2000-01-01'), count(*)
    FROM unnest($21::uuid[], $22::text[], $23::uuid[]) AS m(event_id, run_key, rule_id)
    JOIN run ON run.event_id = m.event_id AND run.run_key = m.run_key
    JOIN rules r ON r.id = m.rule_id
    GROUP BY m.rule_id ORDER BY m.rule_id
    ON CONFLICT (rule_id, bucket) DO UPDATE SET matches = rule_match_counts.matches + EXCLUDED.matches
  )
  SELECT coalesce((SELECT json_agg(json_build_array(event_id, run_key)) FROM run), '[]') AS runs,
         coalesce((SELECT json_agg(json_build_array(id, destination_id)) FROM deliveries WHERE id NOT IN (SELECT delivery_id FROM inbox)), '[]') AS deliveries,
         coalesce((SELECT array_agg(DISTINCT destination_id) FROM inbox), '{}') AS inbox_destination_ids`);

function compileSourceRules(source: LoadedSource): CompiledRules {
  const rules: Rule[] = [];
  for (const row of source.rules) {
    const parsed = ruleSchema.safeParse(row);
    // Rules are validated when saved; one that no longer parses (an engine change) is skipped, loudly.
    if (parsed.success) rules.push(parsed.data);
    else log.error("stored rule does not parse; skipped", { ruleId: row.id, issues: parsed.error.issues });
  }
  return compileRules(rules);
}

/** The event's summary; a template that fails on it (it should never) leaves it unnamed, not unrouted. */
function summarize(template: CompiledSummaryTemplate, event: LoadedEvent): string | null {
  try {
    return template.render({ body: event.payload, headers: event.headers });
  } catch (error) {
    log.error("rendering an event summary failed", { eventId: event.id, error });
    return null;
  }
}

/** What routing one event decided, ready to be written. */
interface Decision {
  job: Required<RouteEventJob>;
  sourceId: string;
  outcome: string;
  status: "routed" | "ignored" | "unmatched";
  tags: string[];
  routing: Record<string, unknown>;
  trace: unknown;
  summary: string | null;
  summaryVersion: number;
  forwards: Array<{ destinationId: string; ruleId: string; ruleVersion: number | null; body: Buffer | null }>;
  /** Rules whose conditions matched: the routing span's attribute, and the rules list's counts (received events only). */
  matchedRuleIds: string[];
  /** This event's routing span, when it is traced. */
  span: RoutingSpan | null;
  event: LoadedEvent;
}

export interface RouteEventsOptions {
  /** This worker attempts the deliveries it routes itself, when the hand-off has room (hand-off.ts). */
  handOff?: DeliveryHandOff;
}

/**
 * Routes a batch; one result per job, in order: "missing" when the event is gone (deleted by
 * retention or with its source), "already_routed" when its run exists, an Error when evaluating it
 * failed (that job alone is retried). Rejects when the database could not take the batch.
 */
export async function routeEvents(batch: RouteEventJob[], { handOff }: RouteEventsOptions = {}): Promise<Array<RouteEventResult | Error>> {
  const tracer = pipelineTracer();
  const startedAt = Date.now();
  const jobs = batch.map((job): Required<RouteEventJob> => ({ runKey: "received", trigger: "received", ...job }));
  const results: Array<RouteEventResult | Error> = jobs.map(() => "missing");
  const { rows: events } = await lookupPool().query<LoadedEvent & { sources: LoadedSource[] | null; destinations: LoadedDestination[] | null }>(
    LOAD([jobs.map((job) => job.eventId), jobs.map((job) => job.runKey)]),
  );
  const first = events.find((event) => event.sources !== null);
  const fresh = events.filter((event) => {
    if (event.already) results[event.position - 1] = "already_routed";
    return !event.already;
  });
  if (fresh.length === 0) return results;

  const sources = first?.sources ?? [];
  const compiled = new Map(
    sources.map((source) => [
      source.id,
      { name: source.name, rules: compileSourceRules(source), summary: compileSummaryTemplate(source.summary_template), summaryVersion: source.summary_version },
    ]),
  );

  const decisions: Decision[] = [];
  for (const event of fresh) {
    const job = jobs[event.position - 1]!;
    // A span only for a traced event: it continues the trace its receive span began.
    const span = tracer && event.trace_parent ? tracer.startRouting({ traceParent: event.trace_parent, eventId: event.id, sourceId: event.source_id, trigger: job.trigger, runKey: job.runKey, startTime: startedAt }) : null;
    try {
      // The source is gone with its events (cascade); an event still here has its source.
      const source = compiled.get(event.source_id)!;
      const result = source.rules(
        { event: { id: event.id, type: event.event_type, method: event.method, headers: event.headers, body: event.payload }, source: { id: event.source_id, name: source.name } },
        { trace: true },
      );
      decisions.push({
        job,
        sourceId: event.source_id,
        outcome: result.outcome,
        status: result.outcome === "routed" ? "routed" : result.outcome === "ignored" ? "ignored" : "unmatched",
        tags: result.tags,
        routing: result.routing,
        trace: result.trace,
        summary: summarize(source.summary, event),
        summaryVersion: source.summaryVersion,
        event,
        forwards: result.forwards.map((forward) => ({
          destinationId: forward.destinationId,
          ruleId: forward.ruleId,
          ruleVersion: forward.ruleVersion,
          body: forward.body.mode === "template" ? Buffer.from(forward.body.rendered) : null,
        })),
        matchedRuleIds: result.trace.flatMap((rule) => (rule.matched ? [rule.ruleId] : [])),
        span,
      });
    } catch (error) {
      span?.end({ outcome: "failed", error });
      log.error("routing an event failed; its job will be retried", { eventId: event.id, error });
      results[event.position - 1] = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (decisions.length === 0) return results;

  const forwards = decisions.flatMap((decision) => {
    const traceParent = decision.span?.traceParent() ?? null;
    return decision.forwards.map((forward) => ({ ...forward, job: decision.job, event: decision.event, traceParent }));
  });
  // Replays are not counted: the rules list says how often rules matched what arrived.
  const matches = decisions.flatMap((decision) => (decision.job.trigger === "received" ? decision.matchedRuleIds.map((ruleId) => ({ ruleId, job: decision.job })) : []));
  // The forwarded destinations' ordering keys, rendered per delivery here (lib/ordering), and their
  // timeouts (a hand-off's safety net), rate limits (how a hand-off splits its batch) and kinds.
  const forwardedIds = new Set(forwards.map((forward) => forward.destinationId));
  const destinations = new Map(
    (first?.destinations ?? [])
      .filter((destination) => forwardedIds.has(destination.id))
      .map((destination) => [
        destination.id,
        { orderingKey: destination.ordering_key === null ? undefined : compileOrderingKey(destination.ordering_key), timeoutMs: destination.timeout_ms, rateLimited: destination.rate_limited, inbox: destination.inbox },
      ]),
  );
  const handOffDelay = handOff?.accepts(forwards.length) ? safetyNetDelaySeconds(Math.max(0, ...[...destinations.values()].map((destination) => destination.timeoutMs))) : null;
  const handedOff: HandedOffBatch[] = [];
  const write = WRITE([
    decisions.map((decision) => decision.job.eventId),
    decisions.map((decision) => decision.job.runKey),
    decisions.map((decision) => decision.job.trigger),
    decisions.map((decision) => decision.outcome),
    decisions.map((decision) => JSON.stringify(decision.tags)),
    decisions.map((decision) => JSON.stringify(decision.routing)),
    decisions.map((decision) => JSON.stringify(decision.trace)),
    decisions.map((decision) => decision.status),
    forwards.map((forward) => forward.job.eventId),
    forwards.map((forward) => forward.job.runKey),
    forwards.map((forward) => forward.destinationId),
    forwards.map((forward) => forward.ruleId),
    forwards.map((forward) => forward.ruleVersion),
    forwards.map(() => newWebhookId()),
    forwards.map((forward) => forward.body),
    decisions.map((decision) => decision.summary),
    decisions.map((decision) => decision.summaryVersion),
    forwards.map((forward) => forward.traceParent),
    forwards.map((forward) => orderingKeyOf(destinations.get(forward.destinationId)?.orderingKey, forward.event)),
    forwards.map((forward) => forward.event.received_at),
    matches.map((match) => match.job.eventId),
    matches.map((match) => match.job.runKey),
    matches.map((match) => match.ruleId),
    // Time-ordered ids, in routing order: a transaction's deliveries share created_at, and lists
    // order by (created_at, id), so random ids showed them shuffled. Sequential ids also keep the
    // primary key's inserts at its right edge.
    forwards.map(() => timeOrderedUuid()),
    // The runs' ids, time-ordered too. Random ids (the column's default) put each insert on a
    // random page of the primary key, and the first change to a page after a checkpoint logs the
    // whole page. Into a table shaped like routing_runs holding 3 million rows, 50,000 inserts in
    // batches of 100 after a checkpoint wrote 2,238 bytes of WAL a row (14,771 full-page images)
    // in 1.7-2.1 s; with time-ordered ids, 580 bytes (10 images) in 0.8-0.9 s (stop 45).
    decisions.map(() => timeOrderedUuid()),
    // An inbox message's id, time-ordered too, for each forward to an inbox.
    forwards.map((forward) => (destinations.get(forward.destinationId)?.inbox ? timeOrderedUuid() : null)),
  ]);

  // Nothing to deliver (no rule forwarded anything, the common case for many sources): the one
  // statement is atomic by itself, so it runs without BEGIN/COMMIT, in one round trip. Otherwise the
  // deliveries' jobs commit with it, in two (lib/db.ts): the jobs name the deliveries the write made.
  // One round trip instead (delivery ids made here, the jobs sent with the write, only the made ones
  // handed off) was measured at stop 31: 3 alternated runs of bench:routing each, route-event
  // fetched → done p50 at 50/s 7.7-9.8 ms before, 7.5-13.2 after; receive→sink no better. Again at
  // stop 39 (commit d9a882b, reverted), with the hand-off's opening below in one round trip too: at
  // 200/s, warm, receive→sink p99 87-95 ms in 4 of 4 alternated pairs against 93-165; but at
  // 1,000/s the first phase cost 0.15-0.3 ms more CPU per event and its backlog grew (3.4-9.3 s
  // against 1.6-4.5), and the cause was not found. Left out until it is. Stop 40 measured it apart
  // (with the cork of lib/db.ts's reverted sentTogether, without the hand-off's opening): at 200/s,
  // 4 alternated pairs, warm p99 75-200 ms against 84-112, no gain of its own; at 1,000/s no worse.
  // The hand-off's opening is what cost at 1,000/s (attempt-delivery.ts's LOAD).
  let written: Written | undefined;
  try {
    written =
      forwards.length === 0
        ? (await pool().query<Written>(write)).rows[0]
        : await inPipelinedTransaction<Written, Written | undefined>(write, async ({ rows: [row] }) => {
            if (!row) return { statements: [], result: row };
            if (handOffDelay === null) {
              const deliveryIds = row.deliveries.map(([id]) => id);
              return { statements: await jobStatements((tx) => enqueueNewDeliveries({ deliveryIds, tx })), result: row };
            }
            // Handed off: a job per batch is their safety net, due once the attempts here are surely over.
            const jobDueAt = Date.now() + handOffDelay * 1000;
            for (let start = 0; start < row.deliveries.length; start += JOB_DELIVERIES) {
              const deliveries = row.deliveries.slice(start, start + JOB_DELIVERIES).map(([deliveryId, destinationId]) => ({
                deliveryId,
                destination: { id: destinationId, rateLimited: destinations.get(destinationId)?.rateLimited ?? true },
              }));
              handedOff.push({ deliveries, jobId: randomUUID(), jobDueAt });
            }
            const batches = handedOff.map(({ jobId, deliveries }) => ({ jobId, deliveryIds: deliveries.map((delivery) => delivery.deliveryId) }));
            return { statements: await jobStatements((tx) => enqueueHandedOff({ batches, startAfterSeconds: handOffDelay, tx })), result: row };
          });
  } catch (error) {
    for (const decision of decisions) decision.span?.end({ outcome: "failed", error });
    throw error;
  }
  handOff?.submit(handedOff);
  const made = new Set((written?.runs ?? []).map(([eventId, runKey]) => `${eventId} ${runKey}`));
  const { routingOutcomes } = instruments();
  for (const decision of decisions) {
    const index = jobs.indexOf(decision.job);
    const routed = made.has(`${decision.job.eventId} ${decision.job.runKey}`);
    results[index] = routed ? "routed" : "already_routed";
    // Counted once committed, and once per run (a job delivered twice finds its run made already).
    if (routed) routingOutcomes.inc({ source_id: decision.sourceId, outcome: decision.status });
    if (decision.span) endRoutingSpan(decision, routed, new Set(written?.inbox_destination_ids ?? []));
  }
  log.debug("events routed", { events: decisions.length, deliveries: written?.deliveries.length ?? 0 });
  return results;
}

function endRoutingSpan({ span, status, forwards, matchedRuleIds }: Decision, routed: boolean, inboxes: ReadonlySet<string>): void {
  const destinationIds = [...new Set(forwards.map((forward) => forward.destinationId))];
  span?.end({
    outcome: routed ? status : "already_routed",
    matchedRuleIds,
    destinationIds,
    inboxDestinationIds: destinationIds.filter((id) => inboxes.has(id)),
  });
}

/** A key that fails to render (it should never) leaves the delivery unordered, not unrouted. */
function orderingKeyOf(render: OrderingKeyRenderer | undefined, event: LoadedEvent): string | null {
  try {
    return render ? render({ payload: event.payload, headers: event.headers }) : null;
  } catch (error) {
    log.error("rendering an ordering key failed; the delivery is unordered", { eventId: event.id, error });
    return null;
  }
}

/** Routes one event (tests, and callers with a single event). */
export async function routeEvent(job: RouteEventJob): Promise<RouteEventResult> {
  const [result] = await routeEvents([job]);
  if (result instanceof Error) throw result;
  return result ?? "missing";
}
