// `npm run bench:ingest`: measures the webhook receiver. Starts one throwaway PostgreSQL, runs the
// product on it exactly as `npm start` runs (bin/start.ts: migrations, build if stale, web + worker),
// then a bare node:http + pg baseline (bench/baseline-server.ts) on its own database on the same
// server, and drives both with signed ~2 KB GitHub webhooks (bench/load.ts): a warm-up, a
// max-throughput phase and a fixed-rate phase. After each phase it checks that every delivery that
// got a 2xx is stored ("lost"). Prints a table and the product/baseline ratio; see bench/README.md.
//
// Exit code: 0 when the harness ran and nothing acknowledged was lost (slow figures, non-2xx
// answers and a product that does not start are reported, not failed); 1 on a harness error or a
// lost event; 130 on Ctrl-C.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, loadavg, platform, arch, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ensureDatabase } from "@/lib/runtime/embedded-postgres";
import { getScheme } from "@/lib/signatures/registry";
import { createTestDatabase, freePort } from "@/lib/testing/test-database";
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

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PRODUCT_STOP_TIMEOUT_MS = 60_000;
const BASELINE_START_TIMEOUT_MS = 60_000;
const SETTLE_POLL_MS = 300;
const SETTLE_STABLE_POLLS = 3;
const SETTLE_TIMEOUT_MS = 30_000;

// ─── configuration ───────────────────────────────────────────────────────────────────────────────

function numberFromEnv(name: string, fallback: number, { min = 1 } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new HarnessError(`${name} must be a number ≥ ${min} (got "${raw}")`);
  return value;
}

class HarnessError extends Error {}

const quick = process.env.BENCH_QUICK === "1";
function readConfig() {
  return {
    quick,
    seconds: numberFromEnv("BENCH_SECONDS", quick ? 3 : 15),
    warmupSeconds: numberFromEnv("BENCH_WARMUP_SECONDS", quick ? 1 : 3, { min: 0 }),
    rate: Math.round(numberFromEnv("BENCH_RATE", 500)),
    connections: Math.round(numberFromEnv("BENCH_CONNECTIONS", 50)),
    startTimeoutSeconds: numberFromEnv("BENCH_START_TIMEOUT", 900),
    targets: (process.env.BENCH_TARGETS ?? "product,baseline").split(",").map((name) => name.trim()),
  };
}
type Config = ReturnType<typeof readConfig>;

// ─── clean-up (also on Ctrl-C) ──────────────────────────────────────────────────────────────────

const cleanups: Array<{ name: string; run: () => Promise<unknown> }> = [];
let cleaning: Promise<void> | undefined;

function onCleanup(name: string, run: () => Promise<unknown>): void {
  cleanups.push({ name, run });
}

/** Runs the registered clean-ups, newest first, each once. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    stopLoad();
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      try {
        await step.run();
      } catch (error) {
        console.error(`clean-up: ${step.name} failed: ${message(error)}`);
      }
    }
  })();
  return cleaning;
}

let interrupted = false;
let interruptedAt = 0;
// Ctrl-C reaches this process twice (from the terminal, and relayed by the tsx CLI), so a repeat
// within a few seconds is the same Ctrl-C; a later one means "stop now, skip the clean-up".
const REPEAT_SIGNAL_GRACE_MS = 3000;
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) {
    if (Date.now() - interruptedAt < REPEAT_SIGNAL_GRACE_MS) return;
    console.error(
      `\n${signal} again: exiting without finishing clean-up (the embedded PostgreSQL's watchdog stops it)`,
    );
    process.exit(130);
  }
  interrupted = true;
  interruptedAt = Date.now();
  console.error(`\n${signal}: stopping the load, the product, the baseline and the database…`);
  void cleanUp().finally(() => process.exit(130));
}

class Interrupted extends Error {}

/** Called before each step that starts something: after Ctrl-C, nothing new starts. */
function checkpoint(): void {
  if (interrupted) throw new Interrupted("interrupted");
}

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────────

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => {
      console.error(`pid ${child.pid} did not stop within ${timeoutMs / 1000} s; killing it`);
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(kill);
      done();
    });
  });
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await waitForExit(child, timeoutMs);
}

async function tail(path: string, lines: number): Promise<string> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

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

async function measurePhase(target: WebhookTarget, store: EventStore, spec: PhaseSpec): Promise<PhaseReport> {
  checkpoint();
  process.stderr.write(
    `  ${target.name}: ${spec.label} (${spec.connections} connections, ${spec.seconds} s${spec.rate ? `, ${spec.rate}/s` : ""})…\n`,
  );
  const before = await store.count();
  const result = await runPhase(target, spec);
  checkpoint();
  await settle(store);
  const ids = await store.deliveryIds();
  const lost = result.acked.filter((id) => !ids.has(id)).length;
  const stored = (await store.count()) - before;
  return { ...result, stored, lost };
}

async function measure(
  target: WebhookTarget,
  store: EventStore,
  config: Config,
  report: TargetReport,
  exitedReason: () => string | null,
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
    report.phases.push(await measurePhase(target, store, spec));
  }
  const dead = exitedReason();
  if (dead) report.problem = dead;
}

async function benchProduct(config: Config, databaseUrl: string, report: TargetReport): Promise<void> {
  checkpoint();
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "switchyard-bench-data-"));
  onCleanup("remove the product's data directory", () => rm(dataDir, { recursive: true, force: true }));
  const logPath = join(tmpdir(), `switchyard-bench-product-${process.pid}.log`);
  const log = createWriteStream(logPath);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
    ADMIN_EMAIL: "",
    ADMIN_PASSWORD: "",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.APP_URL;
  delete env.NEXTAUTH_URL;

  process.stderr.write(
    `product: starting bin/start.ts on 127.0.0.1:${port} (builds the web app first if it is stale; output in ${logPath})\n`,
  );
  const child = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exitReason: string | null = null;
  let stopRequested = false;
  child.once("exit", (code, signal) => {
    exitReason = `the product exited (${signal ?? `code ${code}`})`;
    if (!stopRequested) stopLoad(); // no point hammering a closed port for the rest of the phase
  });
  const exited = (): string | null => exitReason;
  onCleanup("stop the product", async () => {
    stopRequested = true;
    await stopChild(child, PRODUCT_STOP_TIMEOUT_MS);
    await new Promise<void>((done) => log.end(done));
    // Kept when the product misbehaved (did not start, non-2xx, socket errors), removed otherwise.
    const phases = [...(report.warmup ? [report.warmup] : []), ...report.phases];
    if (!report.problem && phases.every((phase) => non2xx(phase) === 0 && phase.socketErrors === 0)) {
      await rm(logPath, { force: true });
    } else {
      console.error(`product log kept: ${logPath}`);
    }
  });

  const origin = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let lastNotice = started;
  let lastHealth = "no answer yet";
  for (;;) {
    const exit = exited();
    if (exit) {
      report.problem = `did not start: ${exit}. Last lines of its log:\n${await tail(logPath, 25)}`;
      return;
    }
    if (Date.now() - started > config.startTimeoutSeconds * 1000) {
      report.problem = `did not become healthy within ${config.startTimeoutSeconds} s (last /api/health: ${lastHealth}). Last lines of its log:\n${await tail(logPath, 25)}`;
      return;
    }
    try {
      const health = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(3000) });
      lastHealth = `${health.status} ${(await health.text()).slice(0, 200)}`;
      if (health.status === 200) break;
    } catch (error) {
      lastHealth = message(error);
    }
    if (Date.now() - lastNotice > 15_000) {
      lastNotice = Date.now();
      process.stderr.write(`product: still starting (${Math.round((Date.now() - started) / 1000)} s)…\n`);
    }
    await sleep(500);
    checkpoint();
  }
  process.stderr.write(`product: healthy after ${Math.round((Date.now() - started) / 1000)} s\n`);

  // lib modules read the bench process's env (set in main() before this point).
  const { createSource } = await import("@/lib/sources/create-source");
  const { disconnectDb } = await import("@/lib/db");
  onCleanup("disconnect Prisma", () => disconnectDb());
  const secret = randomBytes(32).toString("hex");
  const { source, secret: storedSecret } = await createSource({ name: "bench", scheme: "github", secret });
  if (storedSecret !== secret) throw new HarnessError("createSource did not keep the given secret");

  const client = new pg.Client({ connectionString: databaseUrl, application_name: "switchyard-bench-counter" });
  await client.connect();
  onCleanup("close the product counter connection", () => client.end());
  const store = pgStore(
    client,
    "SELECT count(*)::int AS n FROM events WHERE source_id = $1",
    // The receiver being rewritten stores the delivery id as dedupe_key; today's keeps it in headers.
    "SELECT coalesce(dedupe_key, headers->>'x-github-delivery') AS id FROM events WHERE source_id = $1",
    source.id,
  );
  await measure({ name: "product", origin, path: `/in/${source.key}`, secret }, store, config, report, exited);

  process.stderr.write("product: stopping\n");
  stopRequested = true;
  await stopChild(child, PRODUCT_STOP_TIMEOUT_MS);
}

async function benchBaseline(config: Config, databaseUrl: string, report: TargetReport): Promise<void> {
  checkpoint();
  const secret = randomBytes(32).toString("hex");
  const key = randomBytes(24).toString("base64url");
  const sourceId = randomUUID();
  process.stderr.write("baseline: starting bench/baseline-server.ts\n");
  const child = fork(join(ROOT, "bench", "baseline-server.ts"), [], {
    cwd: ROOT,
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      BASELINE_DATABASE_URL: databaseUrl,
      BASELINE_SECRET: secret,
      BASELINE_KEY: key,
      BASELINE_SOURCE_ID: sourceId,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let exit: string | null = null;
  child.once("exit", (code, signal) => {
    exit = `the baseline exited (${signal ?? `code ${code}`})`;
  });
  onCleanup("stop the baseline", () => stopChild(child, 15_000));

  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(
      () => fail(new HarnessError("the baseline did not report ready within 60 s")),
      BASELINE_START_TIMEOUT_MS,
    );
    child.on("message", (msg: { type?: string; port?: number }) => {
      if (msg.type === "ready" && typeof msg.port === "number") {
        clearTimeout(timer);
        done(msg.port);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new HarnessError(`the baseline exited before it was ready (${signal ?? `code ${code}`})`));
    });
  });

  const client = new pg.Client({ connectionString: databaseUrl, application_name: "switchyard-bench-counter" });
  await client.connect();
  onCleanup("close the baseline counter connection", () => client.end());
  const store = pgStore(
    client,
    "SELECT count(*)::int AS n FROM bench_events WHERE source_id = $1",
    "SELECT dedupe_key AS id FROM bench_events WHERE source_id = $1",
    sourceId,
  );
  await measure(
    { name: "baseline", origin: `http://127.0.0.1:${port}`, path: `/in/${key}`, secret },
    store,
    config,
    report,
    () => exit,
  );
  if (report.problem) throw new HarnessError(`baseline: ${report.problem}`);

  process.stderr.write("baseline: stopping\n");
  await stopChild(child, 15_000);
}

// ─── output ──────────────────────────────────────────────────────────────────────────────────────

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const fixed = (value: number, digits = 0) => value.toFixed(digits);
const ms = (value: number | undefined) =>
  value === undefined ? "-" : value < 10 ? value.toFixed(2) : value.toFixed(1);

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
  console.log(table(rows));
  console.log("");
  console.log(
    "accepted/s = 2xx answers ÷ phase duration; p50/p99/max = latency of 2xx answers; errors = non-2xx answers + socket errors",
  );
  console.log("(incl. timeouts), broken down below.");
  console.log("stored = event rows added in the phase; lost = 2xx deliveries not found in the database (must be 0).");

  const product = reports.find((report) => report.name === "product");
  const baseline = reports.find((report) => report.name === "baseline");
  if (product && baseline) {
    console.log("");
    for (const [index, label] of ["max", `fixed ${config.rate}/s`].entries()) {
      const p = product.phases[index];
      const b = baseline.phases[index];
      if (!p || !b) {
        console.log(`product/baseline accepted/s (${label}): n/a (a target was not measured)`);
        continue;
      }
      const ratio = b.acceptedPerSecond > 0 ? `${(p.acceptedPerSecond / b.acceptedPerSecond).toFixed(2)}×` : "n/a";
      const p50 =
        p.latency && b.latency && b.latency.p50 > 0 ? `, p50 ${(p.latency.p50 / b.latency.p50).toFixed(1)}×` : "";
      const p99 =
        p.latency && b.latency && b.latency.p99 > 0 ? `, p99 ${(p.latency.p99 / b.latency.p99).toFixed(1)}×` : "";
      console.log(`product/baseline (${label}): accepted/s ${ratio}${p50}${p99}`);
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

/** Share of all cores busy over `ms` (anything else running on the machine distorts the figures). */
async function cpuBusy(ms: number): Promise<number> {
  const sample = () =>
    cpus().reduce(
      (sum, cpu) => ({
        idle: sum.idle + cpu.times.idle,
        total: sum.total + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq,
      }),
      { idle: 0, total: 0 },
    );
  const before = sample();
  await sleep(ms);
  const after = sample();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
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
  process.chdir(ROOT); // the embedded PostgreSQL's watchdog and bin/start.ts resolve paths from here
  process.env.LOG_LEVEL ??= "warn";
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const config = readConfig();
  selfCheckSigning();

  const cpuList = cpus();
  console.log("Switchyard ingest benchmark");
  console.log(
    `machine: ${cpuList.length} cores (${cpuList[0]?.model.trim() ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${arch()}, node ${process.version}, load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `load: ~${BODY_BYTES} B signed GitHub "${EVENT_TYPE}" webhooks (unique X-GitHub-Delivery, X-Hub-Signature-256), autocannon in this process; ` +
      `${config.connections} connections; warm-up ${config.warmupSeconds} s, max-throughput ${config.seconds} s, fixed ${config.rate}/s for ${config.seconds} s ` +
      `(${RATE_GROUPS} staggered autocannon instances)${config.quick ? " [BENCH_QUICK]" : ""}`,
  );

  const busy = await cpuBusy(2000);
  console.log(
    `machine busy before the run: ${(busy * 100).toFixed(0)}% CPU over 2 s${busy > 0.2 ? " (other work is running here: figures will be lower and noisier than on an idle machine)" : ""}`,
  );

  const database = await createTestDatabase({ prefix: "switchyard_bench" });
  onCleanup("drop the test database", () => database.drop());
  const baselineName = `switchyard_bench_baseline_${randomBytes(4).toString("hex")}`;
  await ensureDatabase(database.url, baselineName);
  onCleanup("drop the baseline database", async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${baselineName}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
  const baselineUrl = new URL(database.url);
  baselineUrl.pathname = `/${baselineName}`;

  const info = new pg.Client({ connectionString: database.url });
  await info.connect();
  const { rows } = await info.query<{
    version: string;
    max_connections: string;
    synchronous_commit: string;
    fsync: string;
  }>(
    `SELECT current_setting('server_version') AS version, current_setting('max_connections') AS max_connections,
            current_setting('synchronous_commit') AS synchronous_commit, current_setting('fsync') AS fsync`,
  );
  await info.end();
  const settings = rows[0];
  console.log(
    `database: PostgreSQL ${settings?.version ?? "?"} on ${new URL(database.url).host} (max_connections ${settings?.max_connections ?? "?"}, ` +
      `synchronous_commit ${settings?.synchronous_commit ?? "?"}, fsync ${settings?.fsync ?? "?"}), shared by both targets, one measured at a time`,
  );

  // For lib/ modules imported later in this process (createSource, lib/db).
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");

  const reports: TargetReport[] = [];
  for (const name of config.targets) {
    const report: TargetReport = { name, phases: [], notes: [] };
    reports.push(report);
    if (name === "product") {
      try {
        await benchProduct(config, database.url, report);
      } catch (error) {
        if (error instanceof HarnessError || error instanceof Interrupted || interrupted) throw error;
        // Anything the product does (refused connections, a schema the counter does not know, …)
        // is reported; the baseline still runs.
        report.problem = `measurement stopped: ${message(error)}`;
      }
    } else if (name === "baseline") {
      await benchBaseline(config, baselineUrl.toString(), report);
    } else {
      throw new HarnessError(`BENCH_TARGETS: unknown target "${name}" (use product, baseline)`);
    }
  }

  printReport(reports, config);
  const lost = reports
    .flatMap((report) => [...(report.warmup ? [report.warmup] : []), ...report.phases])
    .reduce((sum, phase) => sum + phase.lost, 0);
  const productOk = reports.every(
    (report) =>
      report.name !== "product" ||
      (!report.problem && report.phases.every((phase) => non2xx(phase) === 0 && phase.socketErrors === 0)),
  );
  console.log("");
  console.log(
    `load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")} (${cpus().length} cores)`,
  );
  if (lost > 0) console.log(`ZERO-LOST CHECK FAILED: ${lost} acknowledged deliveries were not stored.`);
  else console.log("zero-lost check passed: every 2xx delivery is stored.");
  if (!productOk)
    console.log(
      "The product was not measured or did not answer every request with 2xx: see its notes above (reported, not failed).",
    );
  return lost > 0 ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(interrupted ? 130 : code);
  })
  .catch(async (error: unknown) => {
    if (interrupted) return; // onSignal cleans up and exits 130
    console.error(`\nbench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanUp();
    process.exit(1);
  });
