// `npm run bench:routing`: measures the whole pipeline, receive → route → deliver. Starts one
// throwaway PostgreSQL and the product on it exactly as `npm start` runs (bin/start.ts), a local
// HTTP sink (node:http on 127.0.0.1, answers 200), and with the real lib creates a destination to
// the sink (allowPrivateNetwork), a GitHub-signed source and a rule forwarding everything there.
// Then it sends signed webhooks, each carrying a unique id and its send time in the body:
//   - fixed rates: each of BENCH_RATES (default 200 and 1,000 events/s) for BENCH_SECONDS, open loop
//     (sends on schedule, never waits for answers), with the backlog left when sending stops;
//   - max: BENCH_MAX_EVENTS sent as fast as the receiver accepts them (BENCH_CONNECTIONS in flight),
//     timed until the last one reaches the sink.
// Latency = sink arrival (body fully received) − send time, one clock (this process). After each
// phase it waits (BENCH_DRAIN_TIMEOUT) until every acknowledged event has arrived, and checks that
// each arrived exactly once (by id; webhook-id tells a redelivery from a second routing).
// The same phases then run against a bare baseline on the same PostgreSQL (BENCH_TARGETS, default
// "product,baseline"; one target at a time): bench/baseline-server.ts in group-commit mode, and
// bench/baseline-forwarder.ts working the same pg-boss queue, which stores a delivery per event,
// POSTs it to the same sink and records the attempt, and nothing else. Its figures are the floor
// for this machine: what the pipeline's durable hops cost with no product around them.
// Every phase notes how fast the machine itself was meanwhile (bench/lib/speed-probe.ts): a slowed host looks like slower code.
// BENCH_STATEMENTS=1 adds each phase's statements from pg_stat_statements (bench/lib/statement-view.ts).
// BENCH_WAITS=1 adds what PostgreSQL's connections were doing during each phase (bench/lib/wait-view.ts).
// BENCH_WAL=1 adds what each phase's WAL is made of, by table and index, from pg_walinspect (bench/lib/wal-view.ts).
// BENCH_TIMELINE=1 adds each phase second by second: events received, routed and attempted (bench/lib/timeline-view.ts).
// See bench/README.md.
//
// Exit code: 0 when the harness ran and every acknowledged event arrived exactly once (slow figures
// are reported, not failed); 1 on a harness error, a missing or duplicated event; 130 on Ctrl-C.
import { randomBytes, randomUUID } from "node:crypto";
import { cpus } from "node:os";
import pg from "pg";
import { createTestDatabase } from "@/lib/testing/test-database";
import {
  HarnessError,
  checkpoint,
  isInterrupted,
  loadLine,
  speedCheckMs,
  speedLine,
  machineCpuMicros,
  productCpuMicros,
  productPageFaults,
  productProcesses,
  productWakeups,
  type ProductPids,
  postmasterOf,
  machineLine,
  message,
  ms,
  nowMs,
  numberFromEnv,
  onCleanup,
  onStop,
  percentile,
  quick,
  ratesFromEnv,
  runMain,
  setLibEnv,
  sleep,
  sortedNumbers,
  startProduct,
  table,
} from "./lib/harness";
import { createBaselineDatabase, startBaselineProcess } from "./lib/baseline-process";
import { BODY_TARGET_BYTES, Sender, startSink, type Sent, type Sink } from "./lib/pipeline";
import { openStatementView, statementViewSettings, statementViewWanted } from "./lib/statement-view";
import { openWalView, walViewSettings, walViewWanted, type WalView } from "./lib/wal-view";
import { phaseTimeline, timelineWanted } from "./lib/timeline-view";
import { openWaitView, waitViewWanted, type WaitView } from "./lib/wait-view";
import { SpeedProbe, speedNote, type PhaseSpeed } from "./lib/speed-probe";

// The aims of the throughput issue: at 200 events/s, p50 ≤ 20 ms and p99 ≤ 100 ms receive→sink;
// at 1,000 events/s, at most a second of backlog.
const AIM_P50_MS = 20;
const AIM_P99_MS = 100;
const AIM_BACKLOG_MS = 1000;
/** A phase's first seconds, left out of its "after its first seconds" latency: start-up, not the steady state. */
const SETTLE_SECONDS = 5;
const DUPLICATE_GRACE_MS = 1500;

const TARGET_TITLES = {
  product: "npm start: web, worker and the embedded PostgreSQL",
  baseline: "bare pipeline: bench/baseline-server.ts (group commit) → pg-boss → bench/baseline-forwarder.ts, same PostgreSQL",
} as const;
type TargetName = keyof typeof TARGET_TITLES;
/** The bare receiver's events table (in its own database: the product's `events`, copied with every index). */
const BARE_EVENTS_TABLE = "bench_events";

function targetsFromEnv(): TargetName[] {
  const names = (process.env.BENCH_TARGETS ?? "product,baseline").split(",").map((name) => name.trim());
  for (const name of names) if (!(name in TARGET_TITLES)) throw new HarnessError(`BENCH_TARGETS: unknown target "${name}" (use product, baseline)`);
  return [...new Set(names)] as TargetName[];
}

function readConfig() {
  return {
    rates: ratesFromEnv("200,1000"),
    seconds: numberFromEnv("BENCH_SECONDS", quick ? 5 : 20),
    maxEvents: Math.round(numberFromEnv("BENCH_MAX_EVENTS", quick ? 500 : 2000)),
    connections: Math.round(numberFromEnv("BENCH_CONNECTIONS", 50)),
    warmupEvents: Math.round(numberFromEnv("BENCH_WARMUP_EVENTS", 20, { min: 0 })),
    drainTimeoutSeconds: numberFromEnv("BENCH_DRAIN_TIMEOUT", 60),
    // The destination's maxConcurrency (the product's default, 10), and the bare forwarder's sockets.
    destinationConcurrency: Math.round(numberFromEnv("BENCH_DESTINATION_CONCURRENCY", 10, { min: 1 })),
    startTimeoutSeconds: numberFromEnv("BENCH_START_TIMEOUT", 900),
    targets: targetsFromEnv(),
  };
}
type Config = ReturnType<typeof readConfig>;

let stopping = false;
onStop(() => {
  stopping = true;
});

// ─── phases ──────────────────────────────────────────────────────────────────────────────────────

interface PhaseReport {
  label: string;
  offered: string;
  ids: string[];
  records: Sent[];
  firstSend: number;
  lastSend: number;
  /** Time waited for the last arrival after the last send (or the drain timeout). */
  drained: boolean;
}

/** Open loop: event i is sent at start + i/rate, whether or not earlier ones were answered. */
async function fixedRate(sender: Sender, label: string, rate: number, count: number): Promise<PhaseReport> {
  const pending: Array<Promise<Sent>> = [];
  const start = nowMs();
  for (let index = 0; index < count && !stopping; index++) {
    const due = start + (index * 1000) / rate;
    const wait = due - nowMs();
    if (wait > 1) await sleep(wait);
    pending.push(sender.send());
  }
  const records = await Promise.all(pending);
  return phaseReport(label, `${rate}/s`, records);
}

/** Closed loop: `connections` senders, each sending its next event when the previous is answered. */
async function asFastAsAccepted(
  sender: Sender,
  label: string,
  count: number,
  connections: number,
): Promise<PhaseReport> {
  const records: Sent[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(connections, count) }, async () => {
      while (next < count && !stopping) {
        next++;
        records.push(await sender.send());
      }
    }),
  );
  return phaseReport(label, `max (${connections} conns)`, records);
}

function phaseReport(label: string, offered: string, records: Sent[]): PhaseReport {
  return {
    label,
    offered,
    ids: records.map((record) => record.id),
    records,
    firstSend: Math.min(...records.map((record) => record.sentAt)),
    lastSend: Math.max(...records.map((record) => record.sentAt)),
    drained: false,
  };
}

/** Waits until every acknowledged event of the phase has reached the sink, or the timeout. */
async function drain(sink: Sink, phase: PhaseReport, timeoutMs: number, exited: () => string | null): Promise<void> {
  const acked = phase.records.filter((record) => record.status >= 200 && record.status < 300);
  const deadline = nowMs() + timeoutMs;
  let lastNotice = nowMs();
  while (nowMs() < deadline && !stopping && !exited()) {
    const waiting = acked.filter((record) => !sink.arrivals.has(record.id)).length;
    if (waiting === 0) {
      phase.drained = true;
      break;
    }
    if (nowMs() - lastNotice > 10_000) {
      lastNotice = nowMs();
      process.stderr.write(`  ${phase.label}: ${waiting} acknowledged events not delivered yet…\n`);
    }
    await sleep(20);
  }
  // Late duplicates (a redelivered job) would land now.
  await sleep(DUPLICATE_GRACE_MS);
}

interface PhaseFigures {
  sent: number;
  acked: number;
  rejected: number;
  sendPerSecond: number;
  ackLatency: Float64Array;
  delivered: number;
  deliveredPerSecond: number;
  latency: Float64Array;
  /** The same, only for events sent after the phase's first SETTLE_SECONDS (warmed up). */
  settledLatency: Float64Array;
  missing: string[];
  duplicated: string[];
  redelivered: number;
  routedTwice: number;
  arrivedUnacked: number;
  spanMs: number;
}

/** When an event first reached the sink (a redelivery arrives later and is not its latency). */
function firstArrivalAt(arrivals: ReadonlyArray<{ at: number }>): number {
  return Math.min(...arrivals.map((arrival) => arrival.at));
}

function figures(sink: Sink, phase: PhaseReport): PhaseFigures {
  const acked = phase.records.filter((record) => record.status >= 200 && record.status < 300);
  const latencies: number[] = [];
  const settledLatencies: number[] = [];
  const missing: string[] = [];
  const duplicated: string[] = [];
  let redelivered = 0;
  let routedTwice = 0;
  let lastArrival = phase.firstSend;
  let arrivedUnacked = 0;
  for (const record of phase.records) {
    const arrivals = sink.arrivals.get(record.id);
    const isAcked = record.status >= 200 && record.status < 300;
    if (!arrivals) {
      if (isAcked) missing.push(record.id);
      continue;
    }
    if (!isAcked) arrivedUnacked++;
    const first = firstArrivalAt(arrivals);
    latencies.push(first - record.sentAt);
    if (record.sentAt - phase.firstSend >= SETTLE_SECONDS * 1000) settledLatencies.push(first - record.sentAt);
    lastArrival = Math.max(lastArrival, first);
    if (arrivals.length > 1) {
      duplicated.push(record.id);
      const webhookIds = new Set(arrivals.map((arrival) => arrival.webhookId));
      redelivered += arrivals.length - webhookIds.size;
      routedTwice += webhookIds.size - 1;
    }
  }
  const sendSpan = Math.max(1, phase.lastSend - phase.firstSend);
  const span = Math.max(1, lastArrival - phase.firstSend);
  return {
    sent: phase.records.length,
    acked: acked.length,
    rejected: phase.records.length - acked.length,
    sendPerSecond: phase.records.length > 1 ? ((phase.records.length - 1) * 1000) / sendSpan : 0,
    ackLatency: sortedNumbers(acked.map((record) => record.ackAt - record.sentAt)),
    delivered: latencies.length,
    deliveredPerSecond: (latencies.length * 1000) / span,
    latency: sortedNumbers(latencies),
    settledLatency: sortedNumbers(settledLatencies),
    missing,
    duplicated,
    redelivered,
    routedTwice,
    arrivedUnacked,
    spanMs: span,
  };
}

// ─── diagnostics ─────────────────────────────────────────────────────────────────────────────────

async function pipelineState(client: pg.Client, sourceId: string): Promise<string[]> {
  const lines: string[] = [];
  const tryQuery = async (label: string, sql: string, params: unknown[] = []) => {
    try {
      const { rows } = await client.query<Record<string, unknown>>(sql, params);
      lines.push(
        `${label}: ${rows.length === 0 ? "(none)" : rows.map((row) => Object.values(row).map(String).join(" ")).join(", ")}`,
      );
    } catch (error) {
      lines.push(`${label}: (query failed: ${message(error)})`);
    }
  };
  await tryQuery("events by status", "SELECT status, count(*) FROM events WHERE source_id = $1 GROUP BY 1 ORDER BY 1", [
    sourceId,
  ]);
  await tryQuery(
    "deliveries by status (attempts)",
    "SELECT d.status, count(*), 'attempts ' || min(d.attempts) || '..' || max(d.attempts) FROM deliveries d JOIN events e ON e.id = d.event_id WHERE e.source_id = $1 GROUP BY 1 ORDER BY 1",
    [sourceId],
  );
  await tryQuery(
    "pgboss.job by queue and state",
    "SELECT name, state, count(*) FROM pgboss.job GROUP BY 1, 2 ORDER BY 1, 2",
  );
  await tryQuery(
    "deliver-job attempts per delivery (>1 = deferred by the destination's concurrency/rate limit, or retried)",
    `SELECT round((SELECT sum(CASE WHEN data ? 'deliveryIds' THEN jsonb_array_length(data->'deliveryIds') ELSE 1 END) FROM pgboss.job WHERE name = 'deliver')::numeric
                  / nullif((SELECT count(*) FROM deliveries), 0), 3)`,
  );
  return lines;
}

/** Where the time goes, from the database's timestamps (same machine clock), medians and p95 in ms. */
async function stageBreakdown(client: pg.Client, sourceId: string, ids: string[]): Promise<string> {
  const { rows } = await client.query<Record<string, number | null>>(
    `WITH s AS (
       SELECT extract(epoch FROM e.processed_at - e.received_at) * 1000 AS routed,
              extract(epoch FROM a.started_at - e.processed_at) * 1000 AS queued,
              a.duration_ms::float8 AS http
         FROM events e JOIN deliveries d ON d.event_id = e.id JOIN delivery_attempts a ON a.delivery_id = d.id AND a.number = 1
        WHERE e.source_id = $1 AND coalesce(e.dedupe_key, e.headers->>'x-github-delivery') = ANY($2::text[]))
     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY routed) AS routed50, percentile_cont(0.95) WITHIN GROUP (ORDER BY routed) AS routed95,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY queued) AS queued50, percentile_cont(0.95) WITHIN GROUP (ORDER BY queued) AS queued95,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY http) AS http50, percentile_cont(0.95) WITHIN GROUP (ORDER BY http) AS http95
       FROM s`,
    [sourceId, ids],
  );
  const row = rows[0] ?? {};
  const pair = (a: string, b: string) => `${ms(row[a] ?? undefined)} / ${ms(row[b] ?? undefined)}`;
  // The queue hops, from pg-boss's own timestamps (created_on is its inserting transaction's start).
  // Deliveries the routing worker attempted itself (hand-off) have no deliver job left to time.
  // Hash joins: the expanded job lists carry no statistics, and a nested loop over them was quadratic
  // (minutes of PostgreSQL time after a 20,000-event phase, slowing whatever ran next).
  await client.query("SET enable_nestloop = off");
  const { rows: hops } = await client.query<Record<string, number | null>>(
    `WITH route_jobs AS MATERIALIZED (
       -- A received job names every event of one receiver commit (eventIds): one row per event.
       SELECT j.id AS job_id, j.started_on, j.completed_on, x.event_id::uuid AS event_id FROM pgboss.job j
         CROSS JOIN LATERAL jsonb_array_elements_text(j.data->'eventIds') AS x(event_id)
        WHERE j.name = 'route-event' AND j.data ? 'eventIds'
     ), routed AS (
       SELECT extract(epoch FROM r.started_on - e.received_at) * 1000 AS route_wait,
              extract(epoch FROM r.completed_on - r.started_on) * 1000 AS route_run, e.id AS event_id, r.job_id
         FROM events e JOIN route_jobs r ON r.event_id = e.id
        WHERE e.source_id = $1 AND coalesce(e.dedupe_key, e.headers->>'x-github-delivery') = ANY($2::text[])
     ), deliver_jobs AS MATERIALIZED (
       -- A job names one delivery (deliveryId) or routing's several (deliveryIds): one row per delivery named.
       SELECT j.started_on, j.completed_on, j.created_on, x.delivery_id::uuid AS delivery_id FROM pgboss.job j
         CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(j.data->'deliveryIds', jsonb_build_array(j.data->'deliveryId'))) AS x(delivery_id)
        WHERE j.name = 'deliver' AND j.state = 'completed'
     ), queued AS (
       SELECT extract(epoch FROM j.started_on - j.created_on) * 1000 AS deliver_wait,
              extract(epoch FROM j.completed_on - j.started_on) * 1000 AS deliver_run
         FROM routed JOIN deliveries d ON d.event_id = routed.event_id JOIN deliver_jobs j ON j.delivery_id = d.id
     )
     SELECT (SELECT count(*) FROM queued)::int AS queued_count,
            (SELECT count(*)::float8 / nullif(count(DISTINCT job_id), 0) FROM routed) AS events_per_route_job,
            ${[
              ["route_wait", "routed"],
              ["route_run", "routed"],
              ["deliver_wait", "queued"],
              ["deliver_run", "queued"],
            ]
              .map(([c, from]) => `(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${c}) FROM ${from}) AS ${c}50, (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY ${c}) FROM ${from}) AS ${c}95`)
              .join(", ")}`,
    [sourceId, ids],
  );
  await client.query("RESET enable_nestloop");
  const hop = hops[0] ?? {};
  const hopPair = (name: string) => `${ms(hop[`${name}50`] ?? undefined)} / ${ms(hop[`${name}95`] ?? undefined)}`;
  const deliverHops = hop.queued_count
    ? `${hop.queued_count} deliveries through the deliver queue: job created → fetched ${hopPair("deliver_wait")} ms, fetched → done ${hopPair("deliver_run")} ms`
    : "no delivery went through the deliver queue (all attempted by the routing worker: hand-off)";
  return (
    `stored → routed (route-event job done) ${pair("routed50", "routed95")} ms; routed → delivery attempt started ${pair("queued50", "queued95")} ms; ` +
    `attempt's HTTP request ${pair("http50", "http95")} ms (p50 / p95)\n` +
    `  queue hops (p50 / p95): received → route-event fetched ${hopPair("route_wait")} ms; route-event fetched → done ${hopPair("route_run")} ms ` +
    `(${hop.events_per_route_job?.toFixed(1) ?? "–"} events per route-event job); ${deliverHops}`
  );
}

async function missingDetails(client: pg.Client, sourceId: string, ids: string[]): Promise<string[]> {
  const sample = ids.slice(0, 10);
  const { rows } = await client.query<{
    id: string;
    event_status: string;
    processed_at: Date | null;
    delivery_status: string | null;
    attempts: number | null;
    last_status: number | null;
    last_error: string | null;
    next_attempt_at: Date | null;
  }>(
    `SELECT coalesce(e.dedupe_key, e.headers->>'x-github-delivery') AS id, e.status AS event_status, e.received_at, e.processed_at,
            d.status AS delivery_status, d.attempts, d.last_status, d.last_error, d.next_attempt_at
       FROM events e LEFT JOIN deliveries d ON d.event_id = e.id
      WHERE e.source_id = $1 AND coalesce(e.dedupe_key, e.headers->>'x-github-delivery') = ANY($2::text[])`,
    [sourceId, sample],
  );
  const found = new Set(rows.map((row) => row.id));
  const lines = rows.map(
    (row) =>
      `${row.id}: event ${row.event_status} (processed ${row.processed_at ? row.processed_at.toISOString() : "never"}), ` +
      `delivery ${row.delivery_status === null ? "none" : `${row.delivery_status}, attempts ${row.attempts ?? "-"}, last status ${row.last_status ?? "-"}, last error ${row.last_error ?? "-"}, next attempt ${row.next_attempt_at ? row.next_attempt_at.toISOString() : "-"}`}`,
  );
  for (const id of sample) if (!found.has(id)) lines.push(`${id}: no event row`);
  return lines;
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────────

/** How far behind delivery was when sending stopped: the last arrival after the last send. */
function backlogMs(phase: PhaseReport, figures: PhaseFigures): number {
  return Math.max(0, phase.firstSend + figures.spanMs - phase.lastSend);
}

/**
 * A fixed-rate phase's slowest seconds, by the latest receive→sink arrival of the events sent in
 * each: a stall (a compilation, a lock, a connection being opened) shows as a second or two far
 * above the rest, which the percentiles hide. With the slowest 2xx of the same second, which says
 * whether the receiver stalled too or only what comes after it.
 */
function slowestSeconds(sink: Sink, phase: PhaseReport, count = 3): string {
  const seconds = new Map<number, { latencies: number[]; slowestAck: number }>();
  for (const record of phase.records) {
    const arrivals = sink.arrivals.get(record.id);
    if (!arrivals) continue;
    const second = Math.floor((record.sentAt - phase.firstSend) / 1000);
    const bucket = seconds.get(second) ?? { latencies: [], slowestAck: 0 };
    bucket.latencies.push(firstArrivalAt(arrivals) - record.sentAt);
    bucket.slowestAck = Math.max(bucket.slowestAck, record.ackAt - record.sentAt);
    seconds.set(second, bucket);
  }
  const ranked = [...seconds]
    .map(([second, bucket]) => ({ second, sorted: sortedNumbers(bucket.latencies), slowestAck: bucket.slowestAck }))
    .sort((a, b) => b.sorted[b.sorted.length - 1]! - a.sorted[a.sorted.length - 1]!)
    .slice(0, count);
  return ranked
    .map(({ second, sorted, slowestAck }) => `${second}-${second + 1} s: p50 ${ms(percentile(sorted, 0.5))} / max ${ms(sorted[sorted.length - 1])} ms (slowest 2xx ${ms(slowestAck)} ms)`)
    .join("; ");
}

function printPhases(phases: Array<{ phase: PhaseReport; figures: PhaseFigures }>): void {
  const rows: string[][] = [
    [
      "phase",
      "offered",
      "sent",
      "2xx",
      "sent/s",
      "ingest p50",
      "delivered",
      "delivered/s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "max ms",
      "backlog ms",
      "missing",
      "dup",
    ],
  ];
  for (const { phase, figures: f } of phases) {
    rows.push([
      phase.label,
      phase.offered,
      String(f.sent),
      String(f.acked),
      f.sendPerSecond.toFixed(0),
      ms(percentile(f.ackLatency, 0.5)),
      String(f.delivered),
      f.deliveredPerSecond.toFixed(0),
      ms(percentile(f.latency, 0.5)),
      ms(percentile(f.latency, 0.95)),
      ms(percentile(f.latency, 0.99)),
      ms(f.latency[f.latency.length - 1]),
      ms(backlogMs(phase, f)),
      String(f.missing.length),
      String(f.duplicated.length),
    ]);
  }
  console.log("");
  console.log(table(rows, 2));
  console.log("");
  console.log(
    "p50/p95/p99/max = receive→sink latency: sink got the whole delivery − the webhook was sent (one clock, this process).",
  );
  console.log("ingest p50 = send → the receiver's 2xx. delivered/s = events delivered ÷ (last arrival − first send).");
  console.log("backlog = how long after the last send the last delivery arrived (delivery keeping up: about one request's latency).");
  console.log(
    "missing = acknowledged (2xx) events that never reached the sink within the drain timeout; dup = events that arrived more than once.",
  );
}

/** One pipeline measured: the product, or the bare baseline (bench/baseline-server.ts + bench/baseline-forwarder.ts). */
interface Target {
  name: TargetName;
  sender: Sender;
  exited(): string | null;
  /** Whose CPU is the target's (harness productCpuMicros): its launcher's process tree and its PostgreSQL. */
  cpuPids: ProductPids;
  /** CPU parts under cpuPids that are not the target's. */
  ignoredParts: string[];
  /** The product's own diagnostics: its tables, its statements. */
  product?: { sourceId: string; statementView: StatementView | null; keepLog(): void };
  stop(): Promise<void>;
}

type StatementView = Extract<Awaited<ReturnType<typeof openStatementView>>, { reset: unknown }>;

interface TargetRun {
  name: TargetName;
  results: Array<{ phase: PhaseReport; figures: PhaseFigures }>;
  cpuPerEvent: Map<string, number>;
  /** Missing and duplicated events (the exactly-once check). */
  broken: number;
}

/** A count per event by part: the total, and the parts from the largest, those under 0.05 left out. */
function countsByPart(perPart: ReadonlyMap<string, number>): { total: string; split: string } {
  const total = [...perPart.values()].reduce((sum, count) => sum + count, 0);
  const split = [...perPart]
    .filter(([, count]) => count >= 0.05)
    .sort(([, a], [, b]) => b - a)
    .map(([part, count]) => `${part} ${count.toFixed(1)}`);
  return { total: total.toFixed(1), split: split.join(", ") };
}

/** Each part's growth from `before` to `after`, per event. */
function perEventSince(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, events: number): Map<string, number> {
  return new Map([...after].map(([part, total]) => [part, (total - (before.get(part) ?? 0)) / Math.max(1, events)]));
}

/** Runs every phase against one target and prints its table and notes. */
async function measure(target: Target, config: Config, sink: Sink, client: pg.Client, walView: WalView | null, waitView: WaitView | null): Promise<TargetRun> {
  const drainMs = config.drainTimeoutSeconds * 1000;
  const results: Array<{ phase: PhaseReport; figures: PhaseFigures }> = [];
  const statementReports: string[] = [];
  const waitReports: string[] = [];
  // WAL written per phase (send to drained), per event: what the pipeline costs PostgreSQL's disk,
  // steadier from run to run than throughput on a shared machine.
  const walPerEvent = new Map<string, number>();
  // Each phase's WAL range, for BENCH_WAL's breakdown after the last phase.
  const walRanges: Array<{ label: string; from: string; to: string; events: number }> = [];
  const connectionsOpened = new Map<string, number>();
  // And the CPU the target (web, worker, PostgreSQL) used per event: the machine's CPU time less
  // this process's (load and sink), equally steady, and what the throughput aims come down to.
  const cpuPerEvent = new Map<string, number>();
  // The same split by part (web, worker, PostgreSQL, launcher), from the target's process tree.
  const cpuPartsPerEvent = new Map<string, Map<string, number>>();
  // And how often each part went to sleep (so was woken) per event: at a low rate the wake-ups, not
  // the statements, are what an event costs (bench:wakeups), so a round trip saved shows here.
  const wakeupsPerEvent = new Map<string, Map<string, number>>();
  // And how many pages each part faulted in per event (each ~7–12 µs of CPU on this kind of VM).
  const pageFaultsPerEvent = new Map<string, Map<string, number>>();
  // What the rest of the machine was left with: this process's own CPU per event (the sender and
  // the sink share the target's cores), and how busy all the cores were.
  const harnessCpu = new Map<string, { perEvent: number; machineBusy: number }>();
  // And how fast the machine itself was meanwhile (speed-probe.ts): a host slowed by another tenant
  // raises every part's CPU per event at once, and looks like the code got slower.
  const phaseSpeeds = new Map<string, PhaseSpeed | null>();
  const speedProbe = new SpeedProbe();
  speedProbe.start();
  const walPosition = async () => (await client.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]!.lsn;
  // Connections opened (pg_stat_database.sessions): each one a new server process, an authentication and cold caches.
  const sessionsOpened = async () => Number((await client.query<{ sessions: string }>("SELECT sum(sessions)::text AS sessions FROM pg_stat_database")).rows[0]!.sessions);
  // The target's processes read once, by part (CPU, sleeps, page faults), less the parts that are not its own.
  const readParts = () => {
    const processes = productProcesses(target.cpuPids);
    const own = (parts: Map<string, number>) => {
      for (const ignored of target.ignoredParts) parts.delete(ignored);
      return parts;
    };
    return { cpu: own(productCpuMicros(processes)), wakeups: own(productWakeups(processes)), pageFaults: own(productPageFaults(processes)) };
  };
  const statementView = target.product?.statementView ?? null;
  const runPhase = async (label: string, run: () => Promise<PhaseReport>, measured: boolean) => {
    checkpoint();
    const dead = target.exited();
    if (dead) throw new HarnessError(`${target.name}: ${dead} before the ${label} phase`);
    process.stderr.write(`${target.name}: ${label}…\n`);
    await statementView?.reset();
    const walBefore = await walPosition();
    const sessionsBefore = await sessionsOpened();
    const [machineBefore, selfBefore, partsBefore, startedAt] = [machineCpuMicros(), process.cpuUsage(), readParts(), nowMs()];
    if (measured) waitView?.start();
    const speedFrom = speedProbe.mark();
    const phase = await run();
    checkpoint();
    await drain(sink, phase, drainMs, () => target.exited());
    checkpoint();
    const walAfter = await walPosition();
    const { rows: wal } = await client.query<{ bytes: string }>("SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::text AS bytes", [walAfter, walBefore]);
    walPerEvent.set(label, Number(wal[0]!.bytes) / Math.max(1, phase.records.length));
    walRanges.push({ label, from: walBefore, to: walAfter, events: phase.records.length });
    connectionsOpened.set(label, (await sessionsOpened()) - sessionsBefore);
    phaseSpeeds.set(label, speedProbe.since(speedFrom));
    const self = process.cpuUsage(selfBefore);
    const machineUsed = machineCpuMicros() - machineBefore;
    cpuPerEvent.set(label, (machineUsed - self.user - self.system) / Math.max(1, phase.records.length));
    harnessCpu.set(label, {
      perEvent: (self.user + self.system) / Math.max(1, phase.records.length),
      machineBusy: machineUsed / ((nowMs() - startedAt) * 1000 * cpus().length),
    });
    const partsAfter = readParts();
    cpuPartsPerEvent.set(label, perEventSince(partsBefore.cpu, partsAfter.cpu, phase.records.length));
    wakeupsPerEvent.set(label, perEventSince(partsBefore.wakeups, partsAfter.wakeups, phase.records.length));
    pageFaultsPerEvent.set(label, perEventSince(partsBefore.pageFaults, partsAfter.pageFaults, phase.records.length));
    if (statementView) statementReports.push(await statementView.report(label, phase.records.length));
    if (measured && waitView) waitReports.push(await waitView.report(label, (nowMs() - startedAt) / 1000));
    const result = { phase, figures: figures(sink, phase) };
    if (measured) results.push(result);
    return result;
  };

  const { sender } = target;
  const warm = config.warmupEvents > 0 ? await runPhase("warm-up", () => fixedRate(sender, "warm-up", 20, config.warmupEvents), false) : null;
  // A rate given again gets its own label ("fixed 200/s (2)"): figures are kept by label, and a
  // repeat is how to see what a warmed-up process does at the same rate.
  const seen = new Map<number, number>();
  for (const rate of config.rates) {
    const count = (seen.get(rate) ?? 0) + 1;
    seen.set(rate, count);
    const label = count === 1 ? `fixed ${rate}/s` : `fixed ${rate}/s (${count})`;
    await runPhase(label, () => fixedRate(sender, label, rate, Math.round(rate * config.seconds)), true);
  }
  await runPhase("max", () => asFastAsAccepted(sender, "max", config.maxEvents, config.connections), true);
  await speedProbe.stop();

  console.log(`\n── ${target.name}: ${TARGET_TITLES[target.name]}`);
  printPhases(results);
  if (statementReports.length > 0) console.log(`\nstatements per phase (pg_stat_statements; send to drained):\n${statementReports.join("\n\n")}`);
  if (waitReports.length > 0) console.log(`\nwait events per phase (pg_stat_activity, sampled; send to drained):\n${waitReports.join("\n\n")}`);
  if (walView) {
    const reports: string[] = [];
    for (const range of walRanges.filter((range) => range.label !== "warm-up")) reports.push(await walView.report(range.label, range.from, range.to, range.events));
    console.log(`\nWAL per phase (pg_walinspect; send to drained):\n${reports.join("\n\n")}`);
  }

  const notes: string[] = [];
  const all = [...(warm ? [warm] : []), ...results];
  let broken = 0;
  for (const { phase, figures: f } of all) {
    if (f.rejected > 0) {
      const byStatus = new Map<string, { count: number; sample: string }>();
      for (const record of phase.records.filter((r) => r.status < 200 || r.status >= 300)) {
        const key = record.status === 0 ? "socket error" : String(record.status);
        const entry = byStatus.get(key) ?? { count: 0, sample: record.error ?? "" };
        entry.count++;
        byStatus.set(key, entry);
      }
      notes.push(`${phase.label}: ${f.rejected} not acknowledged: ${[...byStatus].map(([key, entry]) => `${key}×${entry.count} (${entry.sample})`).join("; ")}`);
    }
    if (f.missing.length > 0) {
      broken += f.missing.length;
      notes.push(`${phase.label}: MISSING ${f.missing.length} acknowledged events never reached the sink within ${config.drainTimeoutSeconds} s.${target.product ? " First ones:" : ""}`);
      if (target.product) notes.push(...(await missingDetails(client, target.product.sourceId, f.missing)).map((line) => `  ${line}`));
    }
    if (f.duplicated.length > 0) {
      broken += f.duplicated.length;
      notes.push(
        `${phase.label}: DUPLICATED ${f.duplicated.length} events (${f.redelivered} extra arrivals with the same webhook-id = redelivered; ${f.routedTwice} with another webhook-id = routed twice)`,
      );
    }
    if (target.product) notes.push(`${phase.label}: ${await stageBreakdown(client, target.product.sourceId, phase.ids)}`);
    if (phase.label.startsWith("fixed")) {
      notes.push(`${phase.label}: slowest seconds after the phase's start: ${slowestSeconds(sink, phase)}`);
      if (target.product && timelineWanted) {
        const lines = await phaseTimeline(client, target.product.sourceId, phase.ids);
        notes.push(`${phase.label}: second by second (database timestamps, from the phase's first event received):`, ...lines.map((line) => `  ${line}`));
      }
    }
    const wal = walPerEvent.get(phase.label);
    if (wal !== undefined) notes.push(`${phase.label}: PostgreSQL wrote ${(wal / 1024).toFixed(1)} KB of WAL per event sent (the phase, until drained)`);
    const opened = connectionsOpened.get(phase.label);
    if (opened !== undefined) notes.push(`${phase.label}: ${opened} database connections opened (the phase, until drained; this benchmark's own included)`);
    const cpu = cpuPerEvent.get(phase.label);
    if (cpu !== undefined) notes.push(`${phase.label}: ${target.name} used ${(cpu / 1000).toFixed(2)} ms of CPU per event sent (machine CPU less this process's; anything else running counts too)`);
    const harness = harnessCpu.get(phase.label);
    if (harness !== undefined) {
      notes.push(
        `${phase.label}: this benchmark's sender and sink used ${(harness.perEvent / 1000).toFixed(2)} ms of CPU per event on the same cores; all ${cpus().length} were ${Math.round(harness.machineBusy * 100)}% busy (the phase, until drained)`,
      );
    }
    const speed = phaseSpeeds.get(phase.label);
    if (speed) notes.push(`${phase.label}: ${speedNote(speed)}`);
    const parts = cpuPartsPerEvent.get(phase.label);
    if (parts !== undefined) {
      // Parts that used under 0.005 ms an event (idle background processes) are left out.
      const split = [...parts]
        .filter(([, micros]) => micros >= 5)
        .sort(([, a], [, b]) => b - a)
        .map(([part, micros]) => `${part} ${(micros / 1000).toFixed(2)}`);
      notes.push(`${phase.label}: of which, by ${target.name}'s processes (ms per event): ${split.join(", ")} (PostgreSQL: every process of its server, by title; a connection's by the process at its other end, this benchmark's with others)`);
    }
    const wakeups = wakeupsPerEvent.get(phase.label);
    if (wakeups !== undefined) {
      const { total, split } = countsByPart(wakeups);
      notes.push(`${phase.label}: ${target.name}'s processes went to sleep ${total} times per event (each a wake-up later; live processes' threads): ${split}`);
    }
    const pageFaults = pageFaultsPerEvent.get(phase.label);
    if (pageFaults !== undefined) {
      const { total, split } = countsByPart(pageFaults);
      notes.push(`${phase.label}: ${target.name}'s processes faulted ${total} pages in per event (minor page faults, each ~7–12 µs of CPU on this kind of VM): ${split}`);
    }
    if (f.arrivedUnacked > 0) notes.push(`${phase.label}: ${f.arrivedUnacked} events arrived although the receiver did not answer 2xx (timed out)`);
  }
  if (warm) {
    const f = warm.figures;
    notes.push(`warm-up (not in the table): ${f.delivered}/${f.sent} delivered, p50 ${ms(percentile(f.latency, 0.5))} ms, max ${ms(f.latency[f.latency.length - 1])} ms`);
  }
  const fixedResults = results.filter((result) => result.phase.label.startsWith("fixed"));
  config.rates.forEach((rate, index) => {
    const f = fixedResults[index]?.figures;
    if (f && f.sendPerSecond < rate * 0.95) notes.push(`fixed ${rate}/s: only ${f.sendPerSecond.toFixed(0)}/s of the offered ${rate}/s were sent (the sender fell behind)`);
  });
  const maxResult = results.find((result) => result.phase.label === "max");
  if (maxResult) {
    const f = maxResult.figures;
    notes.push(
      `max phase: receiver accepted ${f.acked} in ${((maxResult.phase.lastSend - maxResult.phase.firstSend) / 1000).toFixed(2)} s (${f.sendPerSecond.toFixed(0)}/s); ` +
        `the last delivery arrived ${(f.spanMs / 1000).toFixed(2)} s after the first send → ${f.deliveredPerSecond.toFixed(0)} delivered events/s`,
    );
  }
  if (target.product) notes.push(...(await pipelineState(client, target.product.sourceId)));
  console.log("");
  for (const line of notes) console.log(line);
  if (broken > 0) target.product?.keepLog();
  return { name: target.name, results, cpuPerEvent, broken };
}

/** The product's phases against the bare baseline's of the same label, and the issue's aims (the product's). */
function printComparison(runs: TargetRun[], config: Config): void {
  const product = runs.find((run) => run.name === "product");
  const baseline = runs.find((run) => run.name === "baseline");
  if (product && baseline) {
    const rows: string[][] = [["phase", "p50 ms", "bare p50", "p99 ms", "bare p99", "delivered/s", "bare /s", "CPU ms/event", "bare CPU", "CPU ×"]];
    for (const { phase, figures: f } of product.results) {
      const bare = baseline.results.find((result) => result.phase.label === phase.label);
      if (!bare) continue;
      const cpu = product.cpuPerEvent.get(phase.label);
      const bareCpu = baseline.cpuPerEvent.get(phase.label);
      rows.push([
        phase.label,
        ms(percentile(f.latency, 0.5)),
        ms(percentile(bare.figures.latency, 0.5)),
        ms(percentile(f.latency, 0.99)),
        ms(percentile(bare.figures.latency, 0.99)),
        f.deliveredPerSecond.toFixed(0),
        bare.figures.deliveredPerSecond.toFixed(0),
        cpu === undefined ? "n/a" : (cpu / 1000).toFixed(2),
        bareCpu === undefined ? "n/a" : (bareCpu / 1000).toFixed(2),
        cpu === undefined || bareCpu === undefined || bareCpu <= 0 ? "n/a" : (cpu / bareCpu).toFixed(1),
      ]);
    }
    console.log("\n── product against the bare baseline, phase by phase (receive→sink latency; CPU of each target's processes per event sent)");
    console.log(table(rows, 1));
  }
  if (!product) return;
  console.log("");
  const fixedResults = product.results.filter((result) => result.phase.label.startsWith("fixed"));
  config.rates.forEach((rate, index) => {
    const result = fixedResults[index];
    if (!result) return;
    const p50 = percentile(result.figures.latency, 0.5);
    const p99 = percentile(result.figures.latency, 0.99);
    const backlog = backlogMs(result.phase, result.figures);
    const repeat = result.phase.label === `fixed ${rate}/s` ? "" : ` (${result.phase.label})`;
    if (rate === 200) {
      // The verdict is the whole phase's; the figure without its first seconds says how much of it
      // is start-up (code still compiling, pools growing) rather than the steady state.
      const settled = result.figures.settledLatency;
      const steady = settled.length > 0 ? ` (after its first ${SETTLE_SECONDS} s: p50 ${ms(percentile(settled, 0.5))} ms, p99 ${ms(percentile(settled, 0.99))} ms)` : "";
      console.log(`aim at 200 events/s${repeat}: p50 ≤ ${AIM_P50_MS} ms and p99 ≤ ${AIM_P99_MS} ms: p50 ${ms(p50)} ms, p99 ${ms(p99)} ms, ${p50 <= AIM_P50_MS && p99 <= AIM_P99_MS ? "MET" : "NOT MET"}${steady}`);
    } else if (rate === 1000) console.log(`aim at 1,000 events/s${repeat}: backlog ≤ ${AIM_BACKLOG_MS / 1000} s: ${ms(backlog)} ms, ${backlog <= AIM_BACKLOG_MS ? "MET" : "NOT MET"}`);
    else console.log(`fixed ${rate}/s: p50 ${ms(p50)} ms, p99 ${ms(p99)} ms, backlog ${ms(backlog)} ms`);
  });
}

/** The bare baseline: its receiver and its forwarder, on a database of its own on the same server. */
async function startBaseline(adminUrl: string, sink: Sink, config: Config, postgresPid: number | null): Promise<Target> {
  const url = await createBaselineDatabase(adminUrl, "switchyard_bench_bare");
  const secret = randomBytes(32).toString("hex");
  const key = randomBytes(24).toString("base64url");
  const shared = { BASELINE_DATABASE_URL: url, BASELINE_TABLE: BARE_EVENTS_TABLE };
  const server = await startBaselineProcess("baseline receiver", "baseline-server.ts", {
    ...shared,
    BASELINE_SECRET: secret,
    BASELINE_KEY: key,
    BASELINE_SOURCE_ID: randomUUID(),
    BASELINE_MODE: "group-commit",
  });
  // After the receiver, which made the events table and the queues.
  const forwarder = await startBaselineProcess("baseline forwarder", "baseline-forwarder.ts", { ...shared, BASELINE_FORWARD_URL: sink.url, BASELINE_FORWARD_CONCURRENCY: String(config.destinationConcurrency) });
  return {
    name: "baseline",
    sender: new Sender(`http://127.0.0.1:${server.port}`, `/in/${key}`, secret, config.connections),
    exited: () => server.exited() ?? forwarder.exited(),
    cpuPids: { launcherPid: process.pid, postgresPid },
    // This process and the embedded PostgreSQL's watchdog are its parents' part, not the baseline's.
    ignoredParts: ["launcher", "watchdog"],
    async stop() {
      await Promise.all([server.stop(), forwarder.stop()]);
    },
  };
}

/** The product as `npm start` runs it, with a source whose rule forwards everything to the sink. */
async function startProductTarget(config: Config, databaseUrl: string, sink: Sink, client: pg.Client, postgresPid: number | null): Promise<Target> {
  const product = await startProduct({ name: "routing", databaseUrl, startTimeoutSeconds: config.startTimeoutSeconds });
  // lib modules read the env main() set, so they are imported only now.
  const { createSource } = await import("@/lib/sources/create-source");
  const { createDestination } = await import("@/lib/destinations/create-destination");
  const { createRule } = await import("@/lib/rules/create-rule");
  const { disconnectDb } = await import("@/lib/db");
  onCleanup("disconnect Prisma", () => disconnectDb());

  const secret = randomBytes(32).toString("hex");
  const actor = { id: null, label: "bench" };
  const { source } = await createSource({ input: { name: "routing bench", scheme: "github", secret }, actor });
  const { destination } = await createDestination({ input: { name: "bench sink", url: sink.url, allowPrivateNetwork: true, maxConcurrency: config.destinationConcurrency }, actor });
  const rule = await createRule({
    sourceId: source.id,
    actor,
    input: {
      name: "forward everything",
      enabled: true,
      conditions: { combinator: "and", rules: [] },
      actions: [{ type: "forward", destinationIds: [destination.id] }],
    },
  });
  if (!rule) throw new HarnessError("createRule did not find the source");
  console.log(
    `destination: ${sink.url} (maxConcurrency ${destination.maxConcurrency}, rate limit ${destination.rateLimitPerSecond ?? "none"}, timeout ${destination.timeoutMs} ms); worker concurrency ${process.env.WORKER_CONCURRENCY ?? "8 (default)"}`,
  );
  const opened = statementViewWanted ? await openStatementView(client) : null;
  if (opened && "unavailable" in opened) console.log(`statement view: ${opened.unavailable}`);
  return {
    name: "product",
    sender: new Sender(product.origin, `/in/${source.key}`, secret, config.connections),
    exited: () => product.exited(),
    cpuPids: { launcherPid: product.child.pid!, postgresPid },
    ignoredParts: [],
    product: { sourceId: source.id, statementView: opened && "reset" in opened ? opened : null, keepLog: () => product.keepLog() },
    stop: () => product.stop(),
  };
}

async function main(): Promise<number> {
  const config: Config = readConfig();

  console.log("Switchyard routing benchmark (receive → route → deliver)");
  console.log(machineLine());
  console.log(
    `load: ~${BODY_TARGET_BYTES} B GitHub-signed webhooks, each with a unique id and its send time in the body; rule "forward everything" → one destination → local sink (200); ` +
      `warm-up ${config.warmupEvents} events, fixed ${config.rates.map((rate) => `${rate}/s`).join(" and ")} for ${config.seconds} s each (open loop), ` +
      `max: ${config.maxEvents} events over ${config.connections} connections; drain timeout ${config.drainTimeoutSeconds} s${quick ? " [BENCH_QUICK]" : ""}`,
  );
  console.log(`targets, one at a time: ${config.targets.map((name) => `${name} (${TARGET_TITLES[name]})`).join("; ")}`);

  const settings = { ...(statementViewWanted ? statementViewSettings : {}), ...(walViewWanted ? walViewSettings : {}) };
  const database = await createTestDatabase({ prefix: "switchyard_bench_routing", ...(Object.keys(settings).length > 0 ? { settings } : {}) });
  onCleanup("drop the test database", () => database.drop());
  await setLibEnv(database.url);
  const sink = await startSink();

  const client = new pg.Client({ connectionString: database.url, application_name: "switchyard-bench-routing" });
  await client.connect();
  onCleanup("close the diagnostics connection", () => client.end());
  const { rows: backend } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const postgresPid = postmasterOf(backend[0]!.pid);
  const openedWalView = walViewWanted ? await openWalView(client) : null;
  if (openedWalView && "unavailable" in openedWalView) console.log(`WAL view: ${openedWalView.unavailable}`);
  const walView = openedWalView && "report" in openedWalView ? openedWalView : null;
  // Its own connection: it samples while the phase runs, beside the diagnostics connection's queries.
  let waitView: WaitView | null = null;
  if (waitViewWanted) {
    const sampler = new pg.Client({ connectionString: database.url, application_name: "switchyard-bench-waits" });
    await sampler.connect();
    onCleanup("close the wait-event sampler's connection", () => sampler.end());
    waitView = openWaitView(sampler);
  }

  const runs: TargetRun[] = [];
  const speedChecks = [{ label: "at the start", ms: await speedCheckMs() }];
  for (const name of config.targets) {
    const target = name === "product" ? await startProductTarget(config, database.url, sink, client, postgresPid) : await startBaseline(database.url, sink, config, postgresPid);
    runs.push(await measure(target, config, sink, client, walView, waitView));
    process.stderr.write(`${name}: stopping\n`);
    await target.stop();
    speedChecks.push({ label: `after ${name}`, ms: await speedCheckMs() });
  }
  printComparison(runs, config);
  console.log(speedLine(speedChecks));

  if (sink.unknown > 0) console.log(`sink: ${sink.unknown} requests without a bench id in the body`);
  if (sink.unsigned > 0) console.log(`sink: ${sink.unsigned} requests without a webhook-signature header`);
  const broken = runs.reduce((sum, run) => sum + run.broken, 0);
  if (broken > 0) console.log("EXACTLY-ONCE CHECK FAILED: see MISSING / DUPLICATED above.");
  else console.log("exactly-once check passed: every acknowledged event reached the sink once.");
  console.log(loadLine());
  return broken > 0 || isInterrupted() ? 1 : 0;
}

runMain("bench:routing", main);
