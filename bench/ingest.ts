// `npm run bench:ingest`: measures the webhook receiver. Starts one throwaway PostgreSQL and measures
// targets on it, one at a time: "product", run exactly as `npm start` runs (bin/start.ts:
// migrations, build if stale, web + a worker on the same cores), with a rule forwarding every event
// to a local HTTP sink, so each webhook is received, routed and delivered; "receiver",
// the web app alone as `npm run web` runs it (bin/web.ts; no worker, so route-event jobs wait in the
// queue as the baseline's do: the receiver's own cost, as when workers run on other machines); and
// "receiver-traced", the same with OpenTelemetry tracing on, exporting OTLP/HTTP (protobuf) to a
// local receiving endpoint (lib/testing/otlp-collector.ts: the cost of tracing, not of a collector);
// two bare node:http + pg baselines (bench/baseline-server.ts) on a database of their own, with the
// product's events table: "baseline", one transaction per webhook, and "group-commit", concurrent
// webhooks stored together in one transaction. Each gets signed
// ~2 KB GitHub webhooks (bench/load.ts): a warm-up, a max-throughput phase and a fixed-rate phase.
// After each phase it checks that every delivery that got a 2xx is stored ("lost"). Prints a table
// and each target's ratio to the baseline; see bench/README.md.
//
// Exit code: 0 when the harness ran and nothing acknowledged was lost (slow figures, non-2xx
// answers and a product that does not start are reported, not failed); 1 on a harness error or a
// lost event; 130 on Ctrl-C.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { getScheme } from "@/lib/signatures/registry";
import type { OtlpCollector } from "@/lib/testing/otlp-collector";
import { createTestDatabase } from "@/lib/testing/test-database";
import {
  HarnessError,
  Interrupted,
  ProductStartError,
  type RunningProduct,
  checkpoint,
  cpuBusy,
  isInterrupted,
  loadLine,
  machineLine,
  message,
  ms,
  numberFromEnv,
  onCleanup,
  onStop,
  quick,
  runMain,
  setLibEnv,
  sleep,
  startProduct,
  table,
} from "./lib/harness";
import { createBaselineDatabase, startBaselineProcess } from "./lib/baseline-process";
import { SpeedProbe, speedNote, type PhaseSpeed } from "./lib/speed-probe";
import {
  BODY_BYTES,
  EVENT_TYPE,
  RATE_GROUPS,
  probe,
  runPhase,
  signedWebhook,
  stopLoad,
  type PhaseResult,
  type PhaseSpec,
  type WebhookTarget,
} from "./load";

const SETTLE_POLL_MS = 300;
const SETTLE_STABLE_POLLS = 3;
const SETTLE_TIMEOUT_MS = 30_000;

// ─── configuration ───────────────────────────────────────────────────────────────────────────────

function readConfig() {
  return {
    quick,
    seconds: numberFromEnv("BENCH_SECONDS", quick ? 3 : 15),
    warmupSeconds: numberFromEnv("BENCH_WARMUP_SECONDS", quick ? 1 : 3, { min: 0 }),
    rate: Math.round(numberFromEnv("BENCH_RATE", 500)),
    connections: Math.round(numberFromEnv("BENCH_CONNECTIONS", 50)),
    startTimeoutSeconds: numberFromEnv("BENCH_START_TIMEOUT", 900),
    targets: (process.env.BENCH_TARGETS ?? "product,receiver,baseline,group-commit").split(",").map((name) => name.trim()),
  };
}
type Config = ReturnType<typeof readConfig>;

onStop(stopLoad); // clean-up (also on Ctrl-C) stops the load first

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────────

/** Where a target's events are: counts and the delivery ids stored, for the lost check. */
interface EventStore {
  count(): Promise<number>;
  deliveryIds(): Promise<Set<string>>;
}

function pgStore(client: pg.Client, countSql: string, idsSql: string, sourceId: string): EventStore {
  return {
    async count() {
      const { rows } = await client.query<{ n: number }>(countSql, [sourceId]);
      return rows[0]?.n ?? 0;
    },
    async deliveryIds() {
      const { rows } = await client.query<{ id: string | null }>(idsSql, [sourceId]);
      return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
    },
  };
}

/** Waits until requests still in flight when a phase stopped have landed (the count holds still). */
async function settle(store: EventStore): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = -1;
  let stable = 0;
  while (Date.now() < deadline && stable < SETTLE_STABLE_POLLS) {
    const count = await store.count();
    stable = count === last ? stable + 1 : 0;
    last = count;
    await sleep(SETTLE_POLL_MS);
  }
}

// ─── measuring one target ───────────────────────────────────────────────────────────────────────

interface PhaseReport extends PhaseResult {
  /** Rows added during the phase (after in-flight requests settled). */
  stored: number;
  /** Acknowledged (2xx) deliveries that are not in the database. */
  lost: number;
  /** Product only: seconds from the load's end until every stored event was delivered; null if not within the drain timeout. */
  deliveredAfter?: number | null;
  /** Product only: stored events not delivered by the end of the drain timeout. */
  undelivered?: number;
  /** How fast the machine was while the load ran (speed-probe.ts): a slowed host lowers every target's figures. */
  speed: PhaseSpeed | null;
}

/** How many of a target's stored events were delivered (the product's "forward everything" rule). */
interface DeliveryCounter {
  delivered(): Promise<number>;
}

interface TargetReport {
  name: string;
  /** Set when the target could not be measured (did not start, crashed, …). */
  problem?: string;
  probe?: { status: number; body: string };
  phases: PhaseReport[];
  warmup?: PhaseReport;
  notes: string[];
}

const DRAIN_TIMEOUT_MS = 60_000;

// How fast the machine was during each phase's load: one probe thread for the whole run.
const speedProbe = new SpeedProbe();

async function measurePhase(target: WebhookTarget, store: EventStore, spec: PhaseSpec, deliveries?: DeliveryCounter): Promise<PhaseReport> {
  checkpoint();
  process.stderr.write(
    `  ${target.name}: ${spec.label} (${spec.connections} connections, ${spec.seconds} s${spec.rate ? `, ${spec.rate}/s` : ""})…\n`,
  );
  const before = await store.count();
  const speedFrom = speedProbe.mark();
  const result = await runPhase(target, spec);
  const loadEnded = Date.now();
  const speed = speedProbe.since(speedFrom);
  checkpoint();
  await settle(store);
  const ids = await store.deliveryIds();
  const lost = result.acked.filter((id) => !ids.has(id)).length;
  const total = await store.count();
  const report: PhaseReport = { ...result, stored: total - before, lost, speed };
  if (deliveries) {
    // Every stored event (this phase's and the earlier ones') delivered, within the drain timeout.
    let delivered = await deliveries.delivered();
    while (delivered < total && Date.now() - loadEnded < DRAIN_TIMEOUT_MS) {
      await sleep(100);
      delivered = await deliveries.delivered();
    }
    report.deliveredAfter = delivered >= total ? (Date.now() - loadEnded) / 1000 : null;
    report.undelivered = Math.max(0, total - delivered);
  }
  return report;
}

async function measure(
  target: WebhookTarget,
  store: EventStore,
  config: Config,
  report: TargetReport,
  exitedReason: () => string | null,
  deliveries?: DeliveryCounter,
): Promise<void> {
  const first = await probe(target);
  report.probe = { status: first.status, body: first.body };
  process.stderr.write(`  ${target.name}: first request answered ${first.status}\n`);
  if (config.warmupSeconds > 0) {
    report.warmup = await measurePhase(target, store, {
      label: "warm-up",
      connections: config.connections,
      seconds: config.warmupSeconds,
    });
  }
  const phases: PhaseSpec[] = [
    { label: "max", connections: config.connections, seconds: config.seconds },
    { label: `fixed ${config.rate}/s`, connections: config.connections, seconds: config.seconds, rate: config.rate },
  ];
  for (const spec of phases) {
    const dead = exitedReason();
    if (dead) {
      report.problem = dead;
      return;
    }
    report.phases.push(await measurePhase(target, store, spec, deliveries));
  }
  const dead = exitedReason();
  if (dead) report.problem = dead;
}

const PRODUCT_ENTRIES = { product: "bin/start.ts", receiver: "bin/web.ts", "receiver-traced": "bin/web.ts" } as const;
type ProductTarget = keyof typeof PRODUCT_ENTRIES;

async function benchProduct(config: Config, databaseUrl: string, report: TargetReport, target: ProductTarget): Promise<void> {
  let product: RunningProduct;
  let tracingEnv: Record<string, string> = {};
  let collector: OtlpCollector | undefined;
  if (target === "receiver-traced") {
    const { startOtlpCollector } = await import("@/lib/testing/otlp-collector");
    const started = await startOtlpCollector();
    collector = started;
    onCleanup("stop the OTLP collector", () => started.close());
    // The default protocol, http/protobuf, as a deployment would use it.
    tracingEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: started.url };
  }
  try {
    product = await startProduct({
      name: target,
      entry: PRODUCT_ENTRIES[target],
      env: tracingEnv,
      databaseUrl,
      startTimeoutSeconds: config.startTimeoutSeconds,
      onExit: stopLoad, // no point hammering a closed port for the rest of the phase
    });
  } catch (error) {
    if (!(error instanceof ProductStartError)) throw error;
    report.problem = error.reason;
    return;
  }
  // Runs before "stop the product": the log is kept when the product misbehaved (did not start,
  // non-2xx, socket errors), removed otherwise.
  onCleanup("decide whether to keep the product log", () => {
    const phases = [...(report.warmup ? [report.warmup] : []), ...report.phases];
    if (report.problem || !phases.every((phase) => non2xx(phase) === 0 && phase.socketErrors === 0)) product.keepLog();
    return Promise.resolve();
  });

  // lib modules read the bench process's env (set in main() before this point).
  const { createSource } = await import("@/lib/sources/create-source");
  const { disconnectDb } = await import("@/lib/db");
  onCleanup("disconnect Prisma", () => disconnectDb());
  const secret = randomBytes(32).toString("hex");
  const { source, secret: storedSecret } = await createSource({ input: { name: `bench ${target}`, scheme: "github", secret }, actor: { id: null, label: "bench" } });
  if (storedSecret !== secret) throw new HarnessError("createSource did not keep the given secret");
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "switchyard-bench-counter" });
  await client.connect();
  onCleanup("close the product counter connection", () => client.end());
  let deliveries: DeliveryCounter | undefined;
  if (target === "product") {
    // The whole pipeline: a rule forwards every event to a local sink answering 200.
    const { startSink } = await import("./lib/pipeline");
    const { createDestination } = await import("@/lib/destinations/create-destination");
    const { createRule } = await import("@/lib/rules/create-rule");
    const sink = await startSink();
    const actor = { id: null, label: "bench" };
    const { destination } = await createDestination({ input: { name: "bench sink", url: sink.url, allowPrivateNetwork: true }, actor });
    await createRule({ sourceId: source.id, actor, input: { name: "forward everything", enabled: true, conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] } });
    report.notes.push(`every event forwarded to a local sink (${sink.url}, 200); destination maxConcurrency ${destination.maxConcurrency}`);
    deliveries = {
      async delivered() {
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM deliveries WHERE destination_id = $1 AND status = 'succeeded'", [destination.id]);
        return rows[0]?.n ?? 0;
      },
    };
  }

  const store = pgStore(
    client,
    "SELECT count(*)::int AS n FROM events WHERE source_id = $1",
    // The receiver being rewritten stores the delivery id as dedupe_key; today's keeps it in headers.
    "SELECT coalesce(dedupe_key, headers->>'x-github-delivery') AS id FROM events WHERE source_id = $1",
    source.id,
  );
  await measure(
    { name: target, origin: product.origin, path: `/in/${source.key}`, secret },
    store,
    config,
    report,
    () => product.exited(),
    deliveries,
  );

  process.stderr.write(`${target}: stopping\n`);
  await product.stop();
  if (collector) report.notes.push(`tracing on (OTLP/HTTP protobuf to ${collector.url}, every event sampled): ${collector.spans.length} receive spans exported`);
}

const BASELINES = {
  baseline: { mode: "per-request", table: "bench_events_per_request" },
  "group-commit": { mode: "group-commit", table: "bench_events_group_commit" },
} as const;
type BaselineTarget = keyof typeof BASELINES;

async function benchBaseline(config: Config, databaseUrl: string, report: TargetReport, target: BaselineTarget): Promise<void> {
  checkpoint();
  const { mode, table: tableName } = BASELINES[target];
  const secret = randomBytes(32).toString("hex");
  const key = randomBytes(24).toString("base64url");
  const sourceId = randomUUID();
  const server = await startBaselineProcess(`${target} (${mode})`, "baseline-server.ts", {
    BASELINE_DATABASE_URL: databaseUrl,
    BASELINE_SECRET: secret,
    BASELINE_KEY: key,
    BASELINE_SOURCE_ID: sourceId,
    BASELINE_MODE: mode,
    BASELINE_TABLE: tableName,
  });

  const client = new pg.Client({ connectionString: databaseUrl, application_name: "switchyard-bench-counter" });
  await client.connect();
  onCleanup("close the baseline counter connection", () => client.end());
  const store = pgStore(
    client,
    `SELECT count(*)::int AS n FROM ${tableName} WHERE source_id = $1`,
    `SELECT dedupe_key AS id FROM ${tableName} WHERE source_id = $1`,
    sourceId,
  );
  await measure(
    { name: target, origin: `http://127.0.0.1:${server.port}`, path: `/in/${key}`, secret },
    store,
    config,
    report,
    () => server.exited(),
  );
  if (report.problem) throw new HarnessError(`${target}: ${report.problem}`);

  process.stderr.write(`${target}: stopping\n`);
  await server.stop();
}

// ─── output ──────────────────────────────────────────────────────────────────────────────────────

const fixed = (value: number, digits = 0) => value.toFixed(digits);

function non2xx(phase: PhaseResult): number {
  return phase.responses - phase.ok;
}

function printReport(reports: TargetReport[], config: Config): void {
  const rows: string[][] = [
    [
      "target",
      "phase",
      "conns",
      "offered/s",
      "sent/s",
      "accepted/s",
      "p50 ms",
      "p99 ms",
      "max ms",
      "2xx",
      "errors",
      "stored",
      "lost",
    ],
  ];
  for (const report of reports) {
    if (report.phases.length === 0) rows.push([report.name, "(not measured)", ...Array<string>(11).fill("")]);
    for (const phase of report.phases) {
      rows.push([
        report.name,
        phase.spec.label,
        String(phase.spec.connections),
        phase.spec.rate ? String(phase.spec.rate) : "max",
        fixed(phase.sentPerSecond),
        fixed(phase.acceptedPerSecond),
        ms(phase.latency?.p50),
        ms(phase.latency?.p99),
        ms(phase.latency?.max),
        String(phase.ok),
        String(non2xx(phase) + phase.socketErrors),
        String(phase.stored),
        String(phase.lost),
      ]);
    }
  }
  console.log("");
  console.log(table(rows, 2));
  console.log("");
  console.log(
    "accepted/s = 2xx answers ÷ phase duration; p50/p99/max = latency of 2xx answers; errors = non-2xx answers + socket errors",
  );
  console.log("(incl. timeouts), broken down below.");
  console.log("stored = event rows added in the phase; lost = 2xx deliveries not found in the database (must be 0).");

  const baselines = reports.filter((report) => report.name in BASELINES);
  for (const measured of reports.filter((report) => !(report.name in BASELINES))) {
    for (const baseline of baselines) {
      console.log("");
      for (const [index, label] of ["max", `fixed ${config.rate}/s`].entries()) {
        const p = measured.phases[index];
        const b = baseline.phases[index];
        if (!p || !b) {
          console.log(`${measured.name}/${baseline.name} accepted/s (${label}): n/a (a target was not measured)`);
          continue;
        }
        const ratio = b.acceptedPerSecond > 0 ? `${(p.acceptedPerSecond / b.acceptedPerSecond).toFixed(2)}×` : "n/a";
        const p50 =
          p.latency && b.latency && b.latency.p50 > 0 ? `, p50 ${(p.latency.p50 / b.latency.p50).toFixed(1)}×` : "";
        const p99 =
          p.latency && b.latency && b.latency.p99 > 0 ? `, p99 ${(p.latency.p99 / b.latency.p99).toFixed(1)}×` : "";
        console.log(`${measured.name}/${baseline.name} (${label}): accepted/s ${ratio}${p50}${p99}`);
      }
    }
  }

  for (const report of reports) {
    const lines: string[] = [];
    if (report.problem) lines.push(`NOT MEASURED: ${report.problem}`);
    if (report.probe) lines.push(`first request: ${report.probe.status} ${report.probe.body}`);
    const all = [...(report.warmup ? [report.warmup] : []), ...report.phases];
    for (const phase of all) {
      const name = phase.spec.label;
      const errors = non2xx(phase);
      if (errors > 0) {
        const statuses = Object.entries(phase.statusCounts)
          .filter(([status]) => !status.startsWith("2"))
          .map(([status, count]) => `${status}×${count}`)
          .join(", ");
        lines.push(`${name}: non-2xx answers ${statuses}`);
        for (const [status, body] of Object.entries(phase.sampleBodies)) lines.push(`  first ${status} body: ${body}`);
      }
      if (phase.socketErrors > 0)
        lines.push(
          `${name}: ${phase.socketErrors} socket errors (${phase.timeouts} timeouts): ${phase.errorSamples.join("; ")}`,
        );
      if (phase.lost > 0)
        lines.push(`${name}: LOST ${phase.lost} acknowledged deliveries (2xx answered, no row stored)`);
      if (phase.autocannonOk !== phase.ok)
        lines.push(`${name}: harness note: autocannon counted ${phase.autocannonOk} 2xx, the id tracker ${phase.ok}`);
      if (phase.spec.rate && phase.sentPerSecond < phase.spec.rate * 0.95) {
        lines.push(
          `${name}: only ${fixed(phase.sentPerSecond)}/s of the offered ${phase.spec.rate}/s were sent (the target could not keep up)`,
        );
      }
    }
    for (const phase of all) {
      if (phase.speed) lines.push(`${phase.spec.label}: ${speedNote(phase.speed)}`);
    }
    for (const phase of report.phases) {
      if (phase.deliveredAfter === undefined) continue;
      lines.push(
        phase.deliveredAfter === null
          ? `${phase.spec.label}: NOT DELIVERED: ${phase.undelivered} stored events still waiting ${DRAIN_TIMEOUT_MS / 1000} s after the load ended`
          : `${phase.spec.label}: every stored event delivered ${phase.deliveredAfter.toFixed(1)} s after the load ended`,
      );
    }
    if (report.warmup)
      lines.push(
        `warm-up (not in the table): ${report.warmup.ok} 2xx, ${report.warmup.stored} stored, lost: ${report.warmup.lost}`,
      );
    // Requests in flight when autocannon stopped a phase (or that timed out) are stored, but their
    // answer is never counted: expected, up to one per connection.
    const inFlight = all.map((phase) => `${phase.spec.label} ${phase.stored - (phase.ok - phase.lost)}`);
    if (all.length > 0)
      lines.push(
        `stored without a counted 2xx (in flight when the phase stopped, or timed out): ${inFlight.join(", ")}`,
      );
    const lost = all.reduce((sum, phase) => sum + phase.lost, 0);
    if (all.length > 0) lines.push(`lost: ${lost}`);
    lines.push(...report.notes);
    console.log(`\n${report.name}:`);
    for (const line of lines) console.log(`  ${line}`);
  }
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────────

function selfCheckSigning(): void {
  const secret = randomBytes(16).toString("hex");
  const hook = signedWebhook(secret);
  const headers = new Headers(hook.headers);
  const verdict = getScheme("github").verify({
    rawBody: hook.body,
    headers,
    secrets: [secret],
    options: {},
    now: new Date(),
  });
  if (!verdict.ok)
    throw new HarnessError(
      `the load generator's signature does not verify with lib/signatures/github: ${verdict.message}`,
    );
  if (Math.abs(hook.body.length - BODY_BYTES) > 64)
    throw new HarnessError(`body is ${hook.body.length} bytes, expected about ${BODY_BYTES}`);
}

async function main(): Promise<number> {
  const config = readConfig();
  selfCheckSigning();

  console.log("Switchyard ingest benchmark");
  console.log(machineLine());
  console.log(
    `load: ~${BODY_BYTES} B signed GitHub "${EVENT_TYPE}" webhooks (unique X-GitHub-Delivery, X-Hub-Signature-256), autocannon in this process; ` +
      `${config.connections} connections; warm-up ${config.warmupSeconds} s, max-throughput ${config.seconds} s, fixed ${config.rate}/s for ${config.seconds} s ` +
      `(${RATE_GROUPS} staggered autocannon instances)${config.quick ? " [BENCH_QUICK]" : ""}`,
  );

  const busy = await cpuBusy(2000);
  console.log(
    `machine busy before the run: ${(busy * 100).toFixed(0)}% CPU over 2 s${busy > 0.2 ? " (other work is running here: figures will be lower and noisier than on an idle machine)" : ""}`,
  );

  speedProbe.start();
  onCleanup("stop the speed probe", () => speedProbe.stop());
  const database = await createTestDatabase({ prefix: "switchyard_bench" });
  onCleanup("drop the test database", () => database.drop());
  const baselineUrl = await createBaselineDatabase(database.url, "switchyard_bench_baseline");

  const info = new pg.Client({ connectionString: database.url });
  await info.connect();
  const { rows } = await info.query<{
    version: string;
    max_connections: string;
    synchronous_commit: string;
    fsync: string;
    wal_init_zero: string;
  }>(
    `SELECT current_setting('server_version') AS version, current_setting('max_connections') AS max_connections,
            current_setting('synchronous_commit') AS synchronous_commit, current_setting('fsync') AS fsync,
            current_setting('wal_init_zero') AS wal_init_zero`,
  );
  await info.end();
  const settings = rows[0];
  console.log(
    `database: PostgreSQL ${settings?.version ?? "?"} on ${new URL(database.url).host} (max_connections ${settings?.max_connections ?? "?"}, ` +
      `synchronous_commit ${settings?.synchronous_commit ?? "?"}, fsync ${settings?.fsync ?? "?"}, wal_init_zero ${settings?.wal_init_zero ?? "?"}), ` +
      "shared by both targets, one measured at a time",
  );

  // For lib/ modules imported later in this process (createSource, lib/db).
  await setLibEnv(database.url);

  const reports: TargetReport[] = [];
  for (const name of config.targets) {
    const report: TargetReport = { name, phases: [], notes: [] };
    reports.push(report);
    if (name === "product" || name === "receiver" || name === "receiver-traced") {
      try {
        await benchProduct(config, database.url, report, name);
      } catch (error) {
        if (error instanceof HarnessError || error instanceof Interrupted || isInterrupted()) throw error;
        // Anything the product does (refused connections, a schema the counter does not know, …)
        // is reported; the baseline still runs.
        report.problem = `measurement stopped: ${message(error)}`;
      }
    } else if (name === "baseline" || name === "group-commit") {
      await benchBaseline(config, baselineUrl, report, name);
    } else {
      throw new HarnessError(`BENCH_TARGETS: unknown target "${name}" (use product, receiver, receiver-traced, baseline, group-commit)`);
    }
  }

  printReport(reports, config);
  const lost = reports
    .flatMap((report) => [...(report.warmup ? [report.warmup] : []), ...report.phases])
    .reduce((sum, phase) => sum + phase.lost, 0);
  const productOk = reports.every(
    (report) =>
      report.name in BASELINES ||
      (!report.problem && report.phases.every((phase) => non2xx(phase) === 0 && phase.socketErrors === 0)),
  );
  console.log("");
  console.log(loadLine());
  if (lost > 0) console.log(`ZERO-LOST CHECK FAILED: ${lost} acknowledged deliveries were not stored.`);
  else console.log("zero-lost check passed: every 2xx delivery is stored.");
  if (!productOk)
    console.log(
      "The product was not measured or did not answer every request with 2xx: see its notes above (reported, not failed).",
    );
  return lost > 0 ? 1 : 0;
}

runMain("bench:ingest", main, { stopping: "stopping the load, the product, the baseline and the database…" });
