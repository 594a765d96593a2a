// Shared pieces of the ingest, backtest and routing benchmarks: env configuration, a clean-up
// registry that also runs on Ctrl-C, starting the product (bin/start.ts on a throwaway database),
// machine figures, percentiles and a plain-text table.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { arch, cpus, loadavg, platform, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@/lib/testing/test-database";
import { tsxNodeArgs } from "@/lib/runtime/node-process-unit";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export class HarnessError extends Error {}
export class Interrupted extends Error {}

/** The product did not become healthy; `reason` reads "did not start: …" / "did not become healthy …". */
export class ProductStartError extends HarnessError {
  constructor(readonly reason: string) {
    super(`the product ${reason}`);
  }
}

export const quick = process.env.BENCH_QUICK === "1";

export function numberFromEnv(name: string, fallback: number, { min = 1 } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new HarnessError(`${name} must be a number ≥ ${min} (got "${raw}")`);
  return value;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Milliseconds on one clock for the whole process, with sub-millisecond resolution. */
export const nowMs = () => performance.timeOrigin + performance.now();

// ─── clean-up (also on Ctrl-C) ──────────────────────────────────────────────────────────────────

const cleanups: Array<{ name: string; run: () => Promise<unknown> }> = [];
let cleaning: Promise<void> | undefined;
let interrupted = false;
let interruptedAt = 0;
let interruptNotice = "stopping and cleaning up…";
const REPEAT_SIGNAL_GRACE_MS = 3000;
const beforeCleanUp: Array<() => void> = [];

export function onCleanup(name: string, run: () => Promise<unknown>): void {
  cleanups.push({ name, run });
}

/** Synchronous hooks run first on clean-up (stop sending load, …). */
export function onStop(hook: () => void): void {
  beforeCleanUp.push(hook);
}

/** Runs the registered clean-ups, newest first, each once. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const hook of beforeCleanUp) hook();
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

export function isInterrupted(): boolean {
  return interrupted;
}

/** Called before each step that starts something: after Ctrl-C, nothing new starts. */
export function checkpoint(): void {
  if (interrupted) throw new Interrupted("interrupted");
}

function onSignal(signal: NodeJS.Signals): void {
  // Ctrl-C reaches this process twice (from the terminal, and relayed by the tsx CLI), so a repeat
  // within a few seconds is the same Ctrl-C; a later one means "stop now, skip the clean-up".
  if (interrupted) {
    if (Date.now() - interruptedAt < REPEAT_SIGNAL_GRACE_MS) return;
    console.error(
      `\n${signal} again: exiting without finishing clean-up (the embedded PostgreSQL's watchdog stops it)`,
    );
    process.exit(130);
  }
  interrupted = true;
  interruptedAt = Date.now();
  console.error(`\n${signal}: ${interruptNotice}`);
  void cleanUp().finally(() => process.exit(130));
}

/**
 * Installs the signal handlers and runs main: clean-up always, exit with main's code, 1 on an error,
 * 130 on Ctrl-C. `stopping` is what Ctrl-C prints after "SIGINT: ".
 */
export function runMain(name: string, main: () => Promise<number>, { stopping }: { stopping?: string } = {}): void {
  if (stopping) interruptNotice = stopping;
  process.chdir(ROOT); // the embedded PostgreSQL's watchdog, bin/start.ts and migrations resolve paths from here
  process.env.LOG_LEVEL ??= "warn";
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  main()
    .then(async (code) => {
      await cleanUp();
      process.exit(interrupted ? 130 : code);
    })
    .catch(async (error: unknown) => {
      if (interrupted) return; // onSignal cleans up and exits 130
      console.error(`\n${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await cleanUp();
      process.exit(1);
    });
}

// ─── processes ───────────────────────────────────────────────────────────────────────────────────

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
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

export async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await waitForExit(child, timeoutMs);
}

export async function tail(path: string, lines: number): Promise<string> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Sets DATABASE_URL and fresh AUTH_SECRET / ENCRYPTION_KEY for lib/ modules imported later. */
export async function setLibEnv(databaseUrl: string): Promise<void> {
  const { randomBytes } = await import("node:crypto");
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
}

export interface RunningProduct {
  origin: string;
  child: ChildProcess;
  logPath: string;
  /** DATA_DIR: with no databaseUrl, the embedded PostgreSQL's cluster is its pg/ folder. */
  dataDir: string;
  /** The embedded PostgreSQL's port (used when no databaseUrl was given). */
  embeddedPgPort: number;
  /** Why the product exited, or null while it runs. */
  exited(): string | null;
  /** Keep the log file at clean-up (the product misbehaved). */
  keepLog(): void;
  /** Stops the product now (SIGTERM, wait); an exit after this is not reported to onExit. */
  stop(): Promise<void>;
}

const PRODUCT_STOP_TIMEOUT_MS = 60_000;

/**
 * Starts the product as `npm start` does (bin/start.ts: migrations, build if stale, web + worker)
 * on `databaseUrl` (or, without one, on its own embedded PostgreSQL, as a fresh install), waits for GET /api/health = 200, and registers its stop (SIGTERM, wait) for
 * clean-up. Throws a ProductStartError with the log's tail when it does not become healthy.
 * `onExit` runs when the product exits without having been asked to stop (e.g. to stop the load).
 */
export async function startProduct({
  name,
  databaseUrl,
  startTimeoutSeconds,
  env: extraEnv = {},
  onExit,
  entry = "bin/start.ts",
}: {
  name: string;
  databaseUrl: string | undefined;
  startTimeoutSeconds: number;
  env?: Record<string, string>;
  onExit?: () => void;
  /** bin/start.ts (web + worker, as `npm start`) or bin/web.ts (the web app alone, as `npm run web`; needs a build). */
  entry?: "bin/start.ts" | "bin/web.ts";
}): Promise<RunningProduct> {
  checkpoint();
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "switchyard-bench-data-"));
  const embeddedPgPort = await freePort();
  onCleanup("remove the product's data directory", () => rm(dataDir, { recursive: true, force: true }));
  const logPath = join(tmpdir(), `switchyard-bench-${name}-product-${process.pid}.log`);
  const log = createWriteStream(logPath);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(embeddedPgPort),
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
    ADMIN_EMAIL: "",
    ADMIN_PASSWORD: "",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  };
  delete env.APP_URL;
  delete env.NEXTAUTH_URL;
  // The launcher starts its embedded PostgreSQL and makes the instance's secrets itself.
  if (databaseUrl === undefined) for (const name of ["DATABASE_URL", "AUTH_SECRET", "ENCRYPTION_KEY"]) delete env[name];

  process.stderr.write(
    `${name}: starting ${entry} on 127.0.0.1:${port} (${entry === "bin/start.ts" ? "builds the web app first if it is stale; " : ""}output in ${logPath})\n`,
  );
  const child = spawn(process.execPath, tsxNodeArgs(entry), {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exitReason: string | null = null;
  let keep = false;
  let stopRequested = false;
  child.once("exit", (code, signal) => {
    exitReason = `the product exited (${signal ?? `code ${code}`})`;
    if (!stopRequested) onExit?.();
  });
  const exited = (): string | null => exitReason;
  const stop = (): Promise<void> => {
    stopRequested = true;
    return stopChild(child, PRODUCT_STOP_TIMEOUT_MS);
  };
  onCleanup("stop the product", async () => {
    await stop();
    await new Promise<void>((done) => log.end(done));
    if (keep) console.error(`product log kept: ${logPath}`);
    else await rm(logPath, { force: true });
  });

  const origin = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let lastNotice = started;
  let lastHealth = "no answer yet";
  for (;;) {
    const exit = exited();
    if (exit) {
      keep = true;
      throw new ProductStartError(`did not start: ${exit}. Last lines of its log:\n${await tail(logPath, 25)}`);
    }
    if (Date.now() - started > startTimeoutSeconds * 1000) {
      keep = true;
      throw new ProductStartError(
        `did not become healthy within ${startTimeoutSeconds} s (last /api/health: ${lastHealth}). Last lines of its log:\n${await tail(logPath, 25)}`,
      );
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
  return {
    origin,
    child,
    logPath,
    dataDir,
    embeddedPgPort,
    exited,
    keepLog: () => {
      keep = true;
    },
    stop,
  };
}

// ─── output ──────────────────────────────────────────────────────────────────────────────────────

export function machineLine(): string {
  const cpuList = cpus();
  return `machine: ${cpuList.length} cores (${cpuList[0]?.model.trim() ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${arch()}, node ${process.version}, load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")}`;
}

/** Share of all cores busy over `ms` (anything else running on the machine distorts the figures). */
export async function cpuBusy(ms: number): Promise<number> {
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

/**
 * CPU time every process on the machine has used so far, in µs (Linux /proc/stat, 10 ms ticks;
 * steal time excluded: that is the hypervisor's). Minus this process's own (process.cpuUsage), what
 * a phase cost everything else: the product and its PostgreSQL, when nothing else runs.
 */
export function machineCpuMicros(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
  return (user + nice + system + irq + softirq) * 10_000;
}

/** How many chained SHA-256 digests one speed check times: about 0.2 s on the 2-core machine. */
const SPEED_CHECK_DIGESTS = 100_000;
/** The best of this many: PostgreSQL's own work right after a target stops (autovacuum, a checkpoint) slows one, a slower host all. */
const SPEED_CHECK_TRIES = 3;
/** A check waits (up to QUIET_WAIT_MAX_MS) until the cores are less busy than this over QUIET_SAMPLE_MS. */
const QUIET_BUSY = 0.2;
const QUIET_SAMPLE_MS = 500;
const QUIET_WAIT_MAX_MS = 20_000;
/** Fastest and slowest check further apart than this, and the run says the machine's speed changed. */
const SPEED_DRIFT = 1.25;

/**
 * The machine's speed now: ms this process takes for a fixed amount of CPU work. The host under a
 * virtual machine can slow it by half for minutes (another tenant's load); every figure measured
 * meanwhile moves with it. Run it between targets, while none is running; it first waits for the
 * cores to be quiet.
 */
export async function speedCheckMs(): Promise<number> {
  // What a stopped target leaves behind (PostgreSQL vacuuming its tables, processes exiting) first.
  const quietBy = performance.now() + QUIET_WAIT_MAX_MS;
  let busy = await cpuBusy(QUIET_SAMPLE_MS);
  while (busy > QUIET_BUSY && performance.now() < quietBy) busy = await cpuBusy(QUIET_SAMPLE_MS);
  let best = Infinity;
  for (let attempt = 0; attempt < SPEED_CHECK_TRIES; attempt++) {
    const started = performance.now();
    let digest = Buffer.alloc(32);
    for (let index = 0; index < SPEED_CHECK_DIGESTS; index++) digest = createHash("sha256").update(digest).digest();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The speed checks of one run, and whether they are far enough apart to distrust comparisons within it. */
export function speedLine(checks: ReadonlyArray<{ label: string; ms: number }>): string {
  const times = checks.map((check) => check.ms);
  const drift = Math.max(...times) / Math.min(...times);
  const listed = checks.map((check) => `${check.label} ${check.ms.toFixed(0)}`).join(", ");
  const verdict =
    drift > SPEED_DRIFT
      ? `the slowest took ${drift.toFixed(2)}× the fastest: the machine's speed changed during this run, so compare its targets with care`
      : `within ${((drift - 1) * 100).toFixed(0)}% of each other`;
  return `machine speed check (ms for ${SPEED_CHECK_DIGESTS.toLocaleString("en-US")} chained SHA-256 digests in this process, best of ${SPEED_CHECK_TRIES}, between targets): ${listed}; ${verdict}`;
}

export function loadLine(): string {
  return `load average at the end: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")} (${cpus().length} cores)`;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, quantile: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function sortedNumbers(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export const ms = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? "-" : value < 10 ? value.toFixed(2) : value.toFixed(1);

/** Left-aligns the first `leftColumns` columns, right-aligns the rest. */
export function table(rows: string[][], leftColumns = 1): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** A process's /proc/<pid>/stat fields after its command name (in parentheses, which may hold spaces): state, ppid, … utime (11th), stime, cutime, cstime. Throws when it has exited. */
export function processStatFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** BENCH_RATES: comma-separated events (or requests) per second, or `fallback`. */
export function ratesFromEnv(fallback: string): number[] {
  return (process.env.BENCH_RATES ?? fallback).split(",").map((rate) => {
    const value = Number(rate.trim());
    if (!Number.isFinite(value) || value <= 0) throw new HarnessError(`BENCH_RATES must be comma-separated positive numbers (got "${rate}")`);
    return value;
  });
}

/** Whose processes are the product's: its launcher's process tree, and its PostgreSQL's postmaster (null: not on this machine). */
export interface ProductPids {
  launcherPid: number;
  postgresPid: number | null;
}

/** The product's live processes at one moment, by pid: the part each belongs to, and its /proc/<pid>/stat fields. */
export type ProductProcesses = Map<number, { part: string; fields: string[] }>;

/**
 * Each live process of the product (see productCpuMicros), by pid. One reading serves
 * productCpuMicros, productPageFaults and productWakeups alike: it reads all of /proc, and every
 * process's sockets to name each connection's client.
 */
export function productProcesses({ launcherPid, postgresPid }: ProductPids): ProductProcesses {
  const processes = new Map<number, string[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      processes.set(Number(entry), processStatFields(entry));
    } catch {
      continue; // Exited while we looked.
    }
  }
  const partOf = new Map<number, string>([[launcherPid, "launcher"]]);
  // The postmaster's own time is mostly its children that exited: autovacuum workers, closed connections.
  if (postgresPid !== null) partOf.set(postgresPid, "PostgreSQL: exited processes");
  const part = (pid: number): string | null => {
    const known = partOf.get(pid);
    if (known !== undefined) return known;
    const parent = Number(processes.get(pid)?.[1]);
    if (!Number.isInteger(parent) || parent <= 1) return null;
    const name = parent === launcherPid ? childPartName(pid) : parent === postgresPid ? postgresPartName(pid) : part(parent);
    if (name !== null) partOf.set(pid, name);
    return name;
  };
  const product = new Map<number, { part: string; fields: string[] }>();
  for (const [pid, fields] of processes) {
    const name = part(pid);
    if (name !== null) product.set(pid, { part: name, fields });
  }
  // A connection's server process is counted with the process at its other end: the web's
  // connections (the receiver) apart from the worker's (routing, deliveries, pg-boss).
  const clients = new Map<number, string>();
  for (const [pid, { part: name }] of product) if (!name.startsWith("PostgreSQL") && name !== "launcher") clients.set(pid, name);
  const ownerOfPort = socketOwnersByPort(clients);
  for (const [pid, entry] of product) {
    if (entry.part !== CONNECTIONS) continue;
    const port = Number(/\((\d+)\)/.exec(commandLineOf(pid) ?? "")?.[1]);
    entry.part = `${CONNECTIONS} of ${ownerOfPort.get(port) ?? "others (this benchmark's included)"}`;
  }
  return product;
}

/** The local TCP port of every socket these processes hold open, and whose it is (Linux /proc/net/tcp and /proc/<pid>/fd). */
function socketOwnersByPort(owners: Map<number, string>): Map<number, string> {
  const portOfInode = new Map<string, number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue; // No IPv6 here.
    }
    for (const line of text.split("\n").slice(1)) {
      // sl, local address:port (hex), remote address:port, st, queues, tr, retrnsmt, uid, timeout, inode.
      const columns = line.trim().split(/\s+/);
      if (columns.length > 9) portOfInode.set(columns[9]!, Number.parseInt(columns[1]!.split(":")[1]!, 16));
    }
  }
  const byPort = new Map<number, string>();
  for (const [pid, owner] of owners) {
    let descriptors: string[];
    try {
      descriptors = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // Exited while we looked.
    }
    for (const descriptor of descriptors) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${descriptor}`))?.[1];
        const port = inode === undefined ? undefined : portOfInode.get(inode);
        if (port !== undefined) byPort.set(port, owner);
      } catch {
        continue; // Closed while we looked.
      }
    }
  }
  return byPort;
}

/**
 * CPU time used so far by the product's processes, in µs, by part: the launcher (`launcherPid`),
 * each of its children (web, worker, …, named by command line) and PostgreSQL (`postgresPid`,
 * its postmaster: not the launcher's child), each with its descendants, its connections' server
 * processes by the client at their other end (web, worker). Linux /proc, 10 ms ticks.
 * Each live process counts its own time and that of its children that have exited (cutime,
 * cstime), so PostgreSQL backends that came and went are in.
 */
export function productCpuMicros(processes: ProductProcesses): Map<string, number> {
  const byPart = new Map<string, number>();
  for (const { part, fields } of processes.values()) {
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
    byPart.set(part, (byPart.get(part) ?? 0) + ticks * 10_000);
  }
  return byPart;
}

/**
 * Pages the product's processes have faulted in so far (minor page faults: memory mapped in on its
 * first touch, /proc/<pid>/stat minflt and cminflt), by part as in productCpuMicros; exited
 * children's count with their parent, as their CPU does. On this kind of VM one costs ~7–12 µs of
 * CPU: PostgreSQL's backends fault in every page of shared memory they touch first, and, with
 * glibc's default malloc settings, the memory each query frees and the next one takes again.
 */
export function productPageFaults(processes: ProductProcesses): Map<string, number> {
  const byPart = new Map<string, number>();
  for (const { part, fields } of processes.values()) {
    byPart.set(part, (byPart.get(part) ?? 0) + Number(fields[7] ?? 0) + Number(fields[8] ?? 0));
  }
  return byPart;
}

/**
 * Times the product's live processes have gone to sleep so far (every thread's voluntary context
 * switches, /proc/<pid>/task/<tid>/status), by part as in productCpuMicros: each one is a wake-up
 * later, which is what an event costs most on this machine at a low rate (bench:wakeups). Processes
 * that exited are not counted: they keep no such total.
 */
export function productWakeups(processes: ProductProcesses): Map<string, number> {
  const byPart = new Map<string, number>();
  for (const [pid, { part }] of processes) {
    let switches = 0;
    try {
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        const status = readFileSync(`/proc/${pid}/task/${task}/status`, "utf8");
        switches += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      }
    } catch {
      continue; // Exited while we looked.
    }
    byPart.set(part, (byPart.get(part) ?? 0) + switches);
  }
  return byPart;
}

/** A process's command line (arguments joined by spaces), or null when it exited meanwhile. */
function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return null;
  }
}

function childPartName(pid: number): string {
  const command = commandLineOf(pid) ?? "";
  if (command.includes("bin/web.ts")) return "web";
  if (command.includes("worker/index.ts")) return "worker";
  if (command.includes("postgres-watchdog")) return "watchdog";
  if (command.includes("bench/baseline-server.ts")) return "bare receiver";
  if (command.includes("bench/baseline-forwarder.ts")) return "bare forwarder";
  return "other";
}

/** The part of a connection's server process, before productProcesses names the client at its other end. */
const CONNECTIONS = "PostgreSQL: connections";

/** A PostgreSQL process by its title: "postgres: walwriter" and the like, or a connection's backend. */
function postgresPartName(pid: number): string {
  const title = commandLineOf(pid);
  if (title === null) return "PostgreSQL: other";
  const background = /^postgres: (walwriter|checkpointer|background writer|autovacuum launcher|autovacuum worker|io worker|logical replication launcher|walsummarizer)/.exec(title);
  return background ? `PostgreSQL: ${background[1]}` : CONNECTIONS;
}

/** The postmaster of a PostgreSQL backend on this machine (its parent process), or null when it cannot be seen here. */
export function postmasterOf(backendPid: number): number | null {
  try {
    const parent = Number(processStatFields(backendPid)[1]);
    return Number.isInteger(parent) && parent > 1 ? parent : null;
  } catch {
    return null;
  }
}
